import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 description of this HTTP API. */
export function GET() {
  return NextResponse.json(openApiDocument());
}
