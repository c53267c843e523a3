/**
 * The one fetch wrapper every feature uses. It sends the session cookie, resolves paths against the page's origin
 * and turns a 401 from any endpoint into a single, app-wide "session lost" signal (the app shell sends the agent to
 * /login). Features never handle 401 themselves.
 */

export class UnauthorizedError extends Error {
  constructor() {
    super('Unauthorized');
    this.name = 'UnauthorizedError';
  }
}

/** An RFC 9457 problem document as the back end writes it. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** A 401 `sso_required`: where the sign-in through the business's identity provider starts. */
  ssoUrl?: string;
  /** A 400's validation errors: each invalid member (as the server names it) with its messages. */
  errors?: Record<string, string[] | string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | null;

  constructor(status: number, problem: ProblemDetails | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/** Registers what happens on a 401 (the app shell redirects to login). Returns a function that unregisters it. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = null;
  };
}

export interface ApiFetchOptions extends RequestInit {
  /** Let a 401 through as a normal response instead of raising the session-lost signal (login, /auth/me). */
  allowUnauthorized?: boolean;
}

export function apiUrl(path: string): string {
  return new URL(path, window.location.href).toString();
}

/**
 * Lets go of a response whose body is not needed (a 401, a 202, an error without a problem document): an unread body
 * keeps its request pending in the browser and its connection busy. Every answer is either read or discarded.
 * The cancel starts at once (the stream is released synchronously); its promise is not waited for, since a stream
 * whose source never confirms the cancel (a test interceptor's, a proxy's) must not hold the caller, and so the
 * session-lost signal, for ever.
 */
export async function discardBody(response: Response): Promise<void> {
  if (response.bodyUsed || !response.body) return;
  response.body.cancel().catch(() => undefined);
}

/** fetch() with the session cookie. Throws UnauthorizedError on 401 (after notifying the handler). */
export async function apiFetch(path: string, options: ApiFetchOptions = {}): Promise<Response> {
  const { allowUnauthorized, ...init } = options;
  const response = await fetch(apiUrl(path), { credentials: 'same-origin', ...init });
  if (response.status === 401 && !allowUnauthorized) {
    await discardBody(response);
    unauthorizedHandler?.();
    throw new UnauthorizedError();
  }
  return response;
}

async function readProblem(response: Response): Promise<ProblemDetails | null> {
  try {
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return null;
    return (await response.json()) as ProblemDetails;
  } catch {
    return null;
  } finally {
    await discardBody(response);
  }
}

/** The ApiError for an answer that is not a success: with its problem document when it has one (the body is read or released). */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  return new ApiError(response.status, await readProblem(response));
}

/** fetch() that expects a JSON body on 2xx and throws ApiError (with the problem document) otherwise. */
export async function apiJson<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');
  if (options.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const response = await apiFetch(path, { ...options, headers });
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) {
    await discardBody(response);
    return undefined as T;
  }
  return (await response.json()) as T;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError'
    : (error as { name?: string })?.name === 'AbortError';
}
