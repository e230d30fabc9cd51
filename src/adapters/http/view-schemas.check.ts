/**
 * Compile-time ties between the response schemas (which /openapi.json and every generated client are made
 * from) and the views the use cases return (which the routers send). Nothing here runs: `tsc --noEmit`
 * fails when a field is added, dropped, renamed or retyped on one side only.
 */
import type { z } from 'zod';
import type { ProblemDocument } from './problem.ts';
import type { problemSchema } from './problem.ts';
import type { imageListSchema, imageSchema, uploadResultSchema } from './images.schemas.ts';
import type { musicSetListSchema, musicSetSchema, trackSchema } from './music.schemas.ts';
import type { downloadUrlSchema, streamUrlSchema } from './music-member.schemas.ts';
import type { listedPartsSchema, signedPartsSchema, startedUploadSchema } from './uploads.schemas.ts';
import type { ImageView } from '../../application/use-cases/images/image-presenter.ts';
import type { ListImages } from '../../application/use-cases/images/browse/list-images.use-case.ts';
import type { UploadImagesResult } from '../../application/use-cases/images/manage/upload-images.use-case.ts';
import type { MusicSetView, TrackView } from '../../application/use-cases/music/music-presenter.ts';
import type { ListMusicSets } from '../../application/use-cases/music/sets/list-music-sets.use-case.ts';
import type { StreamUrl } from '../../application/use-cases/streaming/issue-stream-url.use-case.ts';
import type { DownloadUrl } from '../../application/use-cases/streaming/issue-download-url.use-case.ts';
import type { StartedTrackUpload } from '../../application/use-cases/music/direct-upload/start-track-upload.use-case.ts';
import type { SignUploadParts } from '../../application/use-cases/music/direct-upload/sign-upload-parts.use-case.ts';
import type { ListUploadParts } from '../../application/use-cases/music/direct-upload/list-upload-parts.use-case.ts';

/** Exactly the same type (optional and readonly modifiers included), not merely assignable one way. */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** `true` or a compile error naming the pair. */
type Assert<T extends true> = T;
/** What a response schema says the body is. */
type Sent<S extends z.ZodType> = z.output<S>;
type Result<U extends { execute(...args: never[]): Promise<unknown> }> = Awaited<ReturnType<U['execute']>>;

export type ViewSchemaChecks = [
  Assert<Equals<Sent<typeof imageSchema>, ImageView>>,
  Assert<Equals<Sent<typeof imageListSchema>, Result<ListImages>>>,
  Assert<Equals<Sent<typeof trackSchema>, TrackView>>,
  Assert<Equals<Sent<typeof musicSetSchema>, MusicSetView>>,
  Assert<Equals<Sent<typeof musicSetListSchema>, Result<ListMusicSets>>>,
  Assert<Equals<Sent<typeof streamUrlSchema>, StreamUrl>>,
  Assert<Equals<Sent<typeof downloadUrlSchema>, DownloadUrl>>,
  // The router leaves out the store key: only the Uppy routes, which address uploads by key, hand it out.
  Assert<Equals<Sent<typeof startedUploadSchema>, Omit<StartedTrackUpload, 'key'>>>,
  Assert<Equals<Sent<typeof signedPartsSchema>, Result<SignUploadParts>>>,
  Assert<Equals<Sent<typeof listedPartsSchema>, Result<ListUploadParts>>>,
  Assert<Equals<Sent<typeof uploadResultSchema>, UploadImagesResult>>,
  Assert<Equals<Sent<typeof problemSchema>, ProblemDocument>>,
];
