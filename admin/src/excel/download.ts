import { currentLocale, translate } from '../i18n';

/**
 * Files from the API's plain HTTP routes (core/import/routes.ts: templates, error lists,
 * exports), fetched with the session cookie and saved under the server's file name. A
 * refusal (JSON `{ code, message, messageZh, messageEn }`) becomes an Error carrying the
 * message in the console's language, so the screen can show it instead of a broken file.
 */
export class FileError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string, readonly body?: Record<string, unknown>) {
    super(message);
  }
}

/** The message of a JSON error body in the console's language. */
export function messageOf(body: Record<string, unknown> | null, status: number): string {
  const zh = body?.messageZh as string | undefined;
  const en = body?.messageEn as string | undefined;
  const text = currentLocale() === 'en' ? (en ?? (body?.message as string | undefined)) : (zh ?? (body?.message as string | undefined));
  return text ?? `${translate('app.error.server')} (HTTP ${status})`;
}

/** A request to the API's HTTP routes; throws FileError with the server's message when refused. */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'include',
      ...init,
      headers: { 'accept-language': currentLocale(), ...(init.headers ?? {}) },
    });
  } catch {
    throw new FileError(translate('app.error.network'), 0);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    throw new FileError(messageOf(body, res.status), res.status, body?.code as string | undefined, body ?? undefined);
  }
  return res;
}

/** The name in Content-Disposition (the UTF-8 `filename*` first, so Chinese names survive). */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through */
    }
  }
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}

/** Saves a blob as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads a file from one of the API's routes; resolves with the saved file's name. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const res = await apiFetch(url);
  const name = fileNameOf(res, fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}

/** A base64 file from a GraphQL answer (e.g. cqBackboneStipendLedgerXlsx). */
export function saveBase64(base64: string, name: string, contentType: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  saveBlob(new Blob([bytes], { type: contentType }), name);
}
