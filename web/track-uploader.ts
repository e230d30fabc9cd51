import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';
import Dashboard from '@uppy/dashboard';
import { announce, h } from './dom.ts';
import type { MusicSet } from './types.ts';

const AUDIO_TYPES = ['audio/*', '.mp3', '.flac', '.wav', '.aif', '.aiff', '.aac', '.m4a', '.ogg', '.oga', '.opus'];

/**
 * @uppy/aws-s3 calls its Companion endpoint with plain fetch and offers no header hook, while the service wants a
 * bearer token: wrap window.fetch for that one path prefix only. Part PUTs go to presigned URLs and carry no token.
 */
const authorizeCompanionCalls = (prefix: string, token: string): void => {
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(prefix)) return original(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return original(input, { ...init, headers });
  };
};

export interface TrackUploader {
  setSets(sets: MusicSet[]): void;
}

/** Uppy's Dashboard with multipart uploads straight to the store, through the service's Companion-shaped routes. */
export const mountTrackUploader = (root: HTMLElement, base: URL, token: string, onUploaded: () => void): TrackUploader => {
  const select = h('select', { id: 'upload-set', name: 'setId', required: true });
  const target = h('div', { class: 'dashboard' });
  root.append(
    h(
      'section',
      { class: 'track-uploader', 'aria-labelledby': 'upload-tracks-title' },
      h('h3', { id: 'upload-tracks-title' }, 'Upload tracks'),
      h('label', { class: 'field' }, h('span', {}, 'Add to set'), select),
      target,
    ),
  );
  const companion = new URL('v1/admin/uppy', base).href;
  authorizeCompanionCalls(`${companion}/`, token);

  const uppy = new Uppy({
    id: 'tracks',
    autoProceed: false,
    restrictions: { allowedFileTypes: AUDIO_TYPES },
    onBeforeUpload: (files) => {
      if (!select.value) {
        announce('Choose (or create) a set for the tracks first.', 'error');
        return false;
      }
      return Object.fromEntries(
        Object.entries(files).map(([id, file]) => [id, { ...file, meta: { ...file.meta, setId: select.value, byteSize: file.size ?? undefined } }]),
      );
    },
  });
  uppy.use(Dashboard, {
    inline: true,
    target,
    height: 340,
    width: '100%',
    proudlyDisplayPoweredByUppy: false,
    theme: 'auto',
    note: 'MP3, FLAC, WAV, AIFF, AAC/M4A, Ogg — any size; large files go up in parts, straight to storage.',
    metaFields: [
      { id: 'title', name: 'Title', placeholder: 'from the file’s tags or name' },
      { id: 'artist', name: 'Artist' },
    ],
  });
  uppy.use(AwsS3, { companionEndpoint: companion, shouldUseMultipart: true, limit: 3 });
  uppy.on('upload-success', (file) => announce(`Uploaded ${file?.name ?? 'a track'}.`));
  uppy.on('upload-error', (file, error) => announce(`Upload of ${file?.name ?? 'a track'} failed: ${error.message}`, 'error'));
  uppy.on('complete', () => onUploaded());

  return {
    setSets(sets) {
      const previous = select.value;
      select.replaceChildren(
        h('option', { value: '' }, sets.length === 0 ? 'Create a set first' : 'Choose a set…'),
        ...sets.map((s) => h('option', { value: s.id, selected: s.id === previous }, s.title)),
      );
    },
  };
};
