import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Request } from 'express';
import { removeFile } from './jobs.js';

/**
 * Puts an uploaded file on disk as it arrives (never whole in memory): either the raw body
 * (Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or
 * application/octet-stream; the name from `X-File-Name`, URI-encoded, or `?name=`), or the
 * first file part of a multipart/form-data body (a browser <form> or FormData).
 */
export const MAX_UPLOAD_BYTES = Number(process.env.SHIXUN_IMPORT_MAX_BYTES ?? 25 * 1024 * 1024);

export class UploadProblem extends Error {
  constructor(readonly status: number, readonly messageZh: string, readonly messageEn: string) {
    super(messageEn);
  }
}

const tooBig = () =>
  new UploadProblem(413, `文件超过 ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB 上限`, `The file is larger than the ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB limit`);

async function put(out: WriteStream, data: Buffer): Promise<void> {
  if (data.length && !out.write(data)) await once(out, 'drain');
}

function headerParam(header: string, name: string): string | undefined {
  const star = new RegExp(`\\b${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through */
    }
  }
  const m = new RegExp(`\\b${name}="((?:[^"\\\\]|\\\\.)*)"|\\b${name}=([^;\\s]+)`).exec(header);
  return m ? (m[1] ?? m[2])!.replace(/\\(.)/g, '$1') : undefined;
}

/** Streams the request's file to `dest`; returns its name and size. Deletes `dest` on failure. */
export async function receiveUpload(req: Request, dest: string): Promise<{ fileName: string; size: number }> {
  const length = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(length) && length > MAX_UPLOAD_BYTES + 64 * 1024) throw tooBig();
  const type = String(req.headers['content-type'] ?? '');
  const out = createWriteStream(dest);
  try {
    const result = /^multipart\/form-data/i.test(type) ? await multipart(req, out, type) : await raw(req, out);
    out.end();
    await finished(out);
    if (result.size === 0) throw new UploadProblem(400, '没有收到文件', 'No file was received');
    return result;
  } catch (e) {
    out.destroy();
    removeFile(dest);
    // Leave the connection usable for the error response: read (and drop) the rest.
    req.resume();
    throw e;
  }
}

async function raw(req: Request, out: WriteStream): Promise<{ fileName: string; size: number }> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) throw tooBig();
    await put(out, chunk);
  }
  let fileName = String(req.query.name ?? '') || 'upload.xlsx';
  const h = req.headers['x-file-name'];
  if (typeof h === 'string' && h) {
    try {
      fileName = decodeURIComponent(h);
    } catch {
      fileName = h;
    }
  }
  return { fileName, size };
}

const CRLF2 = Buffer.from('\r\n\r\n');

async function multipart(req: Request, out: WriteStream, type: string): Promise<{ fileName: string; size: number }> {
  const boundary = headerParam(type, 'boundary');
  if (!boundary) throw new UploadProblem(400, '请求格式错误：缺少 multipart 分隔符', 'Malformed request: multipart boundary missing');
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.alloc(0);
  let state = 'preamble' as 'preamble' | 'headers' | 'file' | 'skip' | 'after' | 'done';
  let fileName: string | null = null;
  let size = 0;
  let fileDone = false;

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const i = buf.indexOf(first);
        if (i < 0) {
          buf = buf.subarray(Math.max(0, buf.length - first.length));
          return false;
        }
        buf = buf.subarray(i + first.length);
        state = 'after';
        return true;
      }
      case 'after': {
        if (buf.length < 2) return false;
        if (buf[0] === 45 && buf[1] === 45) {
          state = 'done';
          return false;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return false;
        buf = buf.subarray(nl + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const i = buf.indexOf(CRLF2);
        if (i < 0) {
          if (buf.length > 16 * 1024) throw new UploadProblem(400, '请求格式错误：分段头过长', 'Malformed request: part headers too long');
          return false;
        }
        const headers = buf.subarray(0, i).toString('utf8');
        buf = buf.subarray(i + 4);
        const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
        const name = headerParam(disposition, 'filename');
        if (name !== undefined && !fileDone) {
          fileName = name || 'upload.xlsx';
          state = 'file';
        } else state = 'skip';
        return true;
      }
      case 'file':
      case 'skip': {
        const i = buf.indexOf(delimiter);
        const end = i >= 0 ? i : Math.max(0, buf.length - delimiter.length + 1);
        if (state === 'file' && end > 0) {
          size += end;
          if (size > MAX_UPLOAD_BYTES) throw tooBig();
          await put(out, buf.subarray(0, end));
        }
        buf = buf.subarray(end);
        if (i < 0) return false;
        buf = buf.subarray(delimiter.length);
        if (state === 'file') fileDone = true;
        state = 'after';
        return true;
      }
      default:
        return false;
    }
  };

  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (state === 'done') continue;
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (await step());
  }
  if (fileName === null || !fileDone) throw new UploadProblem(400, '请求中没有文件（multipart 表单须含一个文件字段）', 'The request has no file (the multipart form needs a file field)');
  return { fileName, size };
}
