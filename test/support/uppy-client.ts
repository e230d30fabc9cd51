/**
 * Loads the real @uppy/core and @uppy/aws-s3 at run time. They are imported through non-literal specifiers on
 * purpose: their type declarations pull in preact's JSX types, which reference the DOM lib, and that would
 * retype fetch, Blob and friends for the whole (Node-typed) program. The few members the tests use are typed here.
 */
export interface UppyFileLike {
  response?: { body?: Record<string, unknown> };
}

export interface UppyResult {
  successful?: unknown[];
  failed?: unknown[];
}

export interface UppyLike {
  use(plugin: unknown, options: Record<string, unknown>): UppyLike;
  addFile(file: { name: string; type?: string; data: Blob; meta?: Record<string, unknown> }): string;
  upload(): Promise<UppyResult | undefined>;
  on(event: string, handler: (...args: any[]) => void): UppyLike;
  getFile(id: string): UppyFileLike;
  destroy(): void;
}

export interface UppyModules {
  Uppy: new (options?: Record<string, unknown>) => UppyLike;
  AwsS3: unknown;
  versions: { core: string; awsS3: string };
}

export const loadUppy = async (): Promise<UppyModules> => {
  const core: string = '@uppy/core';
  const awsS3: string = '@uppy/aws-s3';
  const [coreModule, awsS3Module] = await Promise.all([import(/* @vite-ignore */ core), import(/* @vite-ignore */ awsS3)]);
  return {
    Uppy: coreModule.default,
    AwsS3: awsS3Module.default,
    versions: { core: String(coreModule.default.VERSION), awsS3: String(awsS3Module.default.VERSION) },
  };
};
