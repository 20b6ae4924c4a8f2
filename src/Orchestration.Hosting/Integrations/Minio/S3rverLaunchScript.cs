namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>
/// The few lines of Node that start s3rver for the stack, written to the resource's run folder at
/// each start. s3rver hard-codes one key pair (<c>S3RVER</c>) on a dummy account; the script registers
/// the stack's generated key on that account and revokes the default. It also refuses unsigned
/// requests (s3rver would serve them anonymously), unwraps aws-chunked bodies (what current AWS
/// SDKs send by default; s3rver would store the chunk framing as the object), pages listings on
/// Node 17+ (whose OpenSSL has no single DES, which s3rver's continuation tokens use), and answers MinIO's
/// liveness path, so the published health probe means the same thing locally. s3rver still checks only the access key,
/// not SigV4 signatures: it is a loopback development server, never one to expose.
/// </summary>
internal static class S3rverLaunchScript
{
    public const string FileName = "s3rver-launch.js";

    public const string Text = """
        // Written by Orchestration: starts s3rver, a loopback development S3 server, with the stack's credentials.
        'use strict';
        const crypto = require('crypto');
        const http = require('http');
        const path = require('path');
        const { Transform } = require('stream');

        function required(name) {
          const value = process.env[name];
          if (!value) {
            console.error(`${name} is not set`);
            process.exit(2);
          }
          return value;
        }

        // s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node 17+) keeps in
        // its legacy provider: every listing past the first page would answer InternalError
        // ("error:0308010C:digital envelope routines::unsupported"). Two-key triple DES with both keys equal
        // is single DES, byte for byte, and is in the default provider: the tokens stay what s3rver expects,
        // and no legacy algorithm is switched on for the whole process.
        for (const name of ['createCipheriv', 'createDecipheriv']) {
          const original = crypto[name];
          crypto[name] = function (algorithm, key, iv, options) {
            if (String(algorithm).toLowerCase() !== 'des' || key.length !== 8) return original.call(this, algorithm, key, iv, options);
            try {
              return original.call(this, algorithm, key, iv, options);
            } catch (err) {
              if (err.code !== 'ERR_OSSL_EVP_UNSUPPORTED') throw err;
              return original.call(this, 'des-ede-cbc', Buffer.concat([key, key]), iv, options);
            }
          };
        }

        const moduleDirectory = required('S3RVER_MODULE');
        const S3rver = require(moduleDirectory);
        const AWSAccount = require(path.join(moduleDirectory, 'lib', 'models', 'account.js'));
        const version = require(path.join(moduleDirectory, 'package.json')).version;

        // Only the stack's generated key gets in: register it on s3rver's account, revoke the built-in S3RVER key.
        const accessKey = required('MINIO_ROOT_USER');
        AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKey, required('MINIO_ROOT_PASSWORD'));
        if (accessKey !== 'S3RVER') AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');

        const directory = required('S3RVER_DIRECTORY');
        const s3rver = new S3rver({ directory, silent: true, vhostBuckets: false });
        // Our listener replaces Koa's default error printer: report server faults, not every 404.
        s3rver.on('error', (err, ctx) => {
          if (!err.status || err.status >= 500) console.error(`${ctx ? `${ctx.method} ${ctx.path}: ` : ''}${err.stack || err}`);
        });

        // aws-chunked bodies: what SDKs send when they sign each chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) or
        // append a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER). s3rver knows neither; unwrap them first.
        class AwsChunkedDecoder extends Transform {
          constructor() {
            super();
            this.line = Buffer.alloc(0);
            this.state = 'size';
            this.remaining = 0;
          }

          _transform(chunk, encoding, callback) {
            let offset = 0;
            while (offset < chunk.length) {
              if (this.state === 'data') {
                const n = Math.min(this.remaining, chunk.length - offset);
                this.push(chunk.subarray(offset, offset + n));
                offset += n;
                this.remaining -= n;
                if (this.remaining === 0) [this.state, this.remaining] = ['crlf', 2];
              } else if (this.state === 'crlf') {
                const n = Math.min(this.remaining, chunk.length - offset);
                offset += n;
                this.remaining -= n;
                if (this.remaining === 0) this.state = 'size';
              } else if (this.state === 'size') {
                const end = chunk.indexOf(0x0a, offset);
                const part = chunk.subarray(offset, end === -1 ? chunk.length : end + 1);
                offset += part.length;
                this.line = Buffer.concat([this.line, part]);
                if (this.line.length > 4096) return callback(new Error('malformed aws-chunked body: chunk header too long'));
                if (end === -1) continue;
                const size = parseInt(this.line.toString('latin1').split(';')[0].trim(), 16);
                this.line = Buffer.alloc(0);
                if (Number.isNaN(size)) return callback(new Error('malformed aws-chunked body: bad chunk size'));
                if (size === 0) this.state = 'trailer';
                else [this.state, this.remaining] = ['data', size];
              } else {
                offset = chunk.length; // trailing checksums and signatures: s3rver verifies neither
              }
            }
            callback();
          }
        }

        function isAwsChunked(headers) {
          return String(headers['x-amz-content-sha256'] || '').startsWith('STREAMING-') ||
            String(headers['content-encoding'] || '').split(',').some(e => e.trim() === 'aws-chunked');
        }

        // First in s3rver's middleware, so every controller (PutObject, UploadPart) reads the plain body.
        s3rver.middleware.unshift(async (ctx, next) => {
          const headers = ctx.req.headers;
          if (isAwsChunked(headers)) {
            const encodings = String(headers['content-encoding'] || '').split(',').map(e => e.trim()).filter(e => e && e !== 'aws-chunked');
            if (encodings.length) headers['content-encoding'] = encodings.join(',');
            else delete headers['content-encoding'];
            if (headers['x-amz-decoded-content-length'] !== undefined) headers['content-length'] = headers['x-amz-decoded-content-length'];
            const decoded = new AwsChunkedDecoder();
            decoded.headers = headers;
            ctx.req.on('error', err => decoded.destroy(err));
            ctx.req = ctx.req.pipe(decoded);
          }
          await next();
        });
        const handle = s3rver.callback();

        function isSigned(req, query) {
          return 'authorization' in req.headers || query.has('X-Amz-Algorithm') || query.has('Signature');
        }

        function accessDenied(res) {
          const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>' +
            '<Message>Anonymous access is not allowed; sign requests with the access key of the connection string.</Message></Error>';
          res.writeHead(403, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
          res.end(body);
        }

        const server = http.createServer((req, res) => {
          const url = new URL(req.url, 'http://localhost');
          if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/minio/health/live') {
            res.writeHead(200, { 'Content-Length': 0 });
            res.end();
          } else if (req.method !== 'OPTIONS' && !isSigned(req, url.searchParams)) {
            accessDenied(res);
          } else {
            handle(req, res);
          }
        });

        const address = required('S3RVER_ADDRESS');
        const port = Number(required('S3RVER_PORT'));
        server.on('error', err => {
          console.error(`s3rver could not listen on ${address}:${port}: ${err.message}`);
          process.exit(1);
        });
        server.listen(port, address, () => {
          console.log(`s3rver ${version} listening on http://${address}:${port}, data in ${directory}`);
          console.log('s3rver is a loopback development server: it checks the access key but not SigV4 signatures; never expose it.');
        });

        function stop() {
          server.close(() => process.exit(0));
          server.closeIdleConnections();
          setTimeout(() => process.exit(0), 2000).unref();
        }
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
        """;
}
