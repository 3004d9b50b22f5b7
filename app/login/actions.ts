"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revokeSession } from "@/lib/auth/revocation";
import { adminToken, checkToken, createSession, parseSession, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session";
import { clientKey, SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { authDir } from "../_server/session";
import type { SignInState } from "@/lib/action-state";


/** One throttle per server process (kept across module reloads in development). */
const throttle = ((globalThis as { __pushlabSignInThrottle?: SignInThrottle }).__pushlabSignInThrottle ??= new SignInThrottle());

const waitMessage = (seconds: number) => `Too many failed sign-ins: try again in ${seconds} s (each further failure doubles the wait).`;

/** Exchanges the admin token for an httpOnly session cookie; failed attempts are throttled (sign-in-throttle.ts). */
export async function signInAction(_state: SignInState, formData: FormData): Promise<SignInState> {
  const token = adminToken();
  if (!token) return { error: "This pushlab runs in open local mode: there is nothing to sign in to." };
  const client = clientKey((await headers()).get("x-forwarded-for"));
  const wait = throttle.waitSeconds(client);
  if (wait > 0) return { error: waitMessage(wait) };
  if (!checkToken(formData.get("token"), token)) {
    const imposed = throttle.failure(client);
    return { error: imposed > 0 ? `That is not the admin token. ${waitMessage(imposed)}` : "That is not the admin token." };
  }
  throttle.success(client);
  const jar = await cookies();
  jar.set(SESSION_COOKIE, createSession(token), {
    httpOnly: true,
    sameSite: "strict",
    secure: process.env.PUSHLAB_SECURE_COOKIES === "1",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const next = formData.get("next");
  redirect(typeof next === "string" && /^\/[A-Za-z0-9/_?=&.%-]*$/.test(next) && !next.startsWith("//") ? next : "/");
}

/** Ends the session: its id is revoked server-side, so a copy of the cookie is no session either. */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const token = adminToken();
  const session = token ? parseSession(jar.get(SESSION_COOKIE)?.value, token) : null;
  if (session) await revokeSession(authDir(), session.sessionId, session.expiresAt);
  jar.delete(SESSION_COOKIE);
  redirect("/");
}
