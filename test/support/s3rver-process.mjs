// Runs s3rver in its own process: its list pagination needs --openssl-legacy-provider,
// which we do not want to impose on the test workers. Prints {"port":N} once listening.
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import S3rver from 's3rver';
import FilesystemStore from 's3rver/lib/stores/filesystem.js';

// s3rver 3.7.1 pipes an object into a write stream without an 'error' listener: when a DELETE of the same
// key removes the (then empty) directory between its mkdir and the open, the ENOENT is an unhandled
// 'error' event and the whole server dies, failing every test after it. Same logic, with the error
// turned into a rejected request (a 500 the SDK retries), and the directory made again on a retry.
FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  const [size, md5] = await new Promise((resolve, reject) => {
    mkdir(dirname(objectPath), { recursive: true }).then(() => {
      const writeStream = createWriteStream(objectPath);
      const md5Context = createHash('md5');
      writeStream.on('error', reject);
      if (Buffer.isBuffer(object.content)) {
        writeStream.on('finish', () => resolve([object.content.length, md5Context.digest('hex')]));
        md5Context.update(object.content);
        writeStream.end(object.content);
        return;
      }
      let totalLength = 0;
      object.content
        .on('error', reject)
        .pipe(
          new Transform({
            transform(chunk, encoding, callback) {
              md5Context.update(chunk, encoding);
              totalLength += chunk.length;
              callback(null, chunk);
            },
          }),
        )
        .on('error', reject)
        .pipe(writeStream)
        .on('finish', () => resolve([totalLength, md5Context.digest('hex')]));
    }, reject);
  });
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};

// Whatever else s3rver fails to handle must not take the shared server down with it.
process.on('uncaughtException', (error) => {
  process.stderr.write(`s3rver: ${error instanceof Error ? error.message : String(error)}\n`);
});

const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

const shutdown = async () => {
  await server.close().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);
