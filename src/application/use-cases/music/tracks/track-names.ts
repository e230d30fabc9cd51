/** Kept for admins' reference only (keys never use it): strip paths and control characters, bound length. */
export const sanitizeFilename = (name: string): string => {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 1024);
  return clean === '' ? 'unnamed' : clean;
};

/** The title a track gets when neither the admin nor its tags name it: the file name without extension. */
export const titleFromFilename = (filename: string): string => {
  const base = sanitizeFilename(filename);
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim();
  return (stem === '' ? base : stem).slice(0, 1000);
};
