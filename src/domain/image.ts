export type Visibility = 'private' | 'public';
/** `pending`: row written, objects not yet all stored. `ready`: every object stored. */
export type ImageStatus = 'pending' | 'ready';

export interface Image {
  id: string;
  status: ImageStatus;
  visibility: Visibility;
  title: string | null;
  description: string | null;
  originalFilename: string;
  /** Sniffed type of the original bytes (e.g. image/jpeg). */
  originalContentType: string;
  byteSize: number;
  sha256: string;
  /** Of the auto-rotated image; 0 until ready. */
  width: number;
  height: number;
  uploadedBy: string;
  createdAt: Date;
  updatedAt: Date;
}
