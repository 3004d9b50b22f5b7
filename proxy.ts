import { NextResponse, type NextRequest } from "next/server";

/**
 * Runs before the pages (not the API routes, which check their own input, nor static files):
 * - a path that is not valid percent-encoded UTF-8 (`/experiments/%E0%A4%A`) names nothing: 404.
 *   Without this, Next's own decoding of the `[id]` segment threw before the page ran: a 500.
 * - a query parameter given twice (`/compare?ids=a&ids=b`) is a 400: every page reads each parameter
 *   as one string, and Next hands a repeated one over as an array (which threw: a 500).
 * - a Server Action whose declared body is over Next's limit is refused with 413 before Next reads
 *   it (Next refuses it too, but with a 500). A chunked body without a length is left to Next's limit.
 */

/** Next's Server Action body limit: its default, as next.config.js sets no `serverActions.bodySizeLimit`. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

function plain(status: number, text: string): NextResponse {
  return new NextResponse(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export function proxy(request: NextRequest): NextResponse {
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return plain(404, "not found: the path is not valid percent-encoded UTF-8");
  }
  const names = [...request.nextUrl.searchParams.keys()];
  const repeated = names.find((name, k) => names.indexOf(name) !== k);
  if (repeated !== undefined) return plain(400, `bad request: the query parameter '${repeated.slice(0, 40)}' is given more than once`);
  if (request.method === "POST" && request.headers.has("next-action")) {
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > SERVER_ACTION_BODY_LIMIT) return plain(413, `request body larger than ${SERVER_ACTION_BODY_LIMIT} bytes`);
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/).*)"],
};
