"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { adminToken, checkToken, createSession, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session";
import type { SignInState } from "@/lib/action-state";


/** Exchanges the admin token for an httpOnly session cookie. */
export async function signInAction(_state: SignInState, formData: FormData): Promise<SignInState> {
  const token = adminToken();
  if (!token) return { error: "This pushlab runs in open local mode: there is nothing to sign in to." };
  if (!checkToken(formData.get("token"), token)) return { error: "That is not the admin token." };
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

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  redirect("/");
}
