import type { ApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import type { LocalFile } from './local-files.ts';
import { audioTypeOf } from './local-files.ts';
import { runMultipartUpload, type MultipartResult, type PartBudget, type Track } from './multipart-upload.ts';
import type { ProgressBar } from './progress.ts';
import type { FileState, ResumeState } from './resume-state.ts';

export interface TrackFileUpload {
  client: ApiClient;
  state: ResumeState;
  file: LocalFile;
  concurrency: number;
  bars: ProgressBar[];
  budget?: PartBudget;
  signal?: AbortSignal;
}

interface Started {
  uploadId: string;
  trackId: string;
  partSize: number;
  partCount: number;
}

const unchanged = (saved: FileState | undefined, file: LocalFile): boolean => saved !== undefined && saved.size === file.size && saved.mtimeMs === file.mtimeMs;

/** A track of the set that an earlier run completed although its answer was lost (crash after the request). */
const readyTrack = async (client: ApiClient, setId: string, trackId: string): Promise<Track | undefined> => {
  const set = await client.get<{ tracks: Track[] }>(`/v1/admin/music-sets/${setId}`);
  return set.tracks.find((t) => t.id === trackId && t.status === 'ready');
};

/**
 * One audio file into the set through the direct multipart flow: a new upload, or the one an earlier
 * run left open (only its missing parts are sent). A file changed since then starts over.
 */
export const uploadTrackFile = async (o: TrackFileUpload): Promise<MultipartResult> => {
  const { client, state, file } = o;
  const setId = state.data.setId;
  const saved = state.file(file.name);
  if (saved?.uploadId && !unchanged(saved, file)) {
    await client.delete(`/v1/admin/uploads/${encodeURIComponent(saved.uploadId)}`).catch(() => undefined);
    await state.forget(file.name);
  }
  const previous = state.file(file.name);
  if (previous?.uploadId && previous.trackId && previous.partSize && previous.partCount) {
    const plan = { uploadId: previous.uploadId, partSize: previous.partSize, partCount: previous.partCount };
    try {
      // An upload gone from the service (swept after ORPHAN_GRACE_SECONDS, or aborted) answers 404 before any byte is counted.
      return await runMultipartUpload({ ...o, path: file.path, size: file.size, plan, resuming: true });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404 && error.problem.code === 'UPLOAD_NOT_FOUND')) throw error;
      const track = await readyTrack(client, setId, previous.trackId);
      if (track) return { track, sent: 0, resumed: previous.partCount };
      await state.forget(file.name);
    }
  }
  const started = await client.post<Started>(`/v1/admin/music-sets/${setId}/uploads`, {
    filename: file.name,
    contentType: audioTypeOf(file.name) ?? 'application/octet-stream',
    byteSize: file.size,
  });
  await state.update(file.name, {
    size: file.size,
    mtimeMs: file.mtimeMs,
    uploadId: started.uploadId,
    trackId: started.trackId,
    partSize: started.partSize,
    partCount: started.partCount,
  });
  return runMultipartUpload({ ...o, path: file.path, size: file.size, plan: started, resuming: false });
};
