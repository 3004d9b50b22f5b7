import { NextResponse, type NextRequest } from "next/server";
import { campaignApi } from "@/lib/campaign/campaign-api";
import { resolveWorkspace } from "@/lib/workspace";

export const dynamic = "force-dynamic";

/** The campaign list of a published candidates set (see lib/campaign/campaign-api.ts); read-only, so no session. */
export async function GET(request: NextRequest) {
  const answer = campaignApi(resolveWorkspace(), request.nextUrl.searchParams);
  return NextResponse.json(answer.body, { status: answer.status });
}
