import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInForm } from "@/components/registry/sign-in-form";
import { accessMode } from "../_server/session";
import { signInAction, signOutAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  await connection();
  const mode = await accessMode();
  const { next } = await searchParams;
  return (
    <article className="max-w-xl">
      <h1 className="text-3xl font-bold">Sign in</h1>
      {mode.open ? (
        <p className="mt-4">
          pushlab runs in <strong>open local mode</strong> (no <code>PUSHLAB_ADMIN_TOKEN</code> is set): everyone who can reach it can select models
          and run experiments.
        </p>
      ) : mode.admin ? (
        <form action={signOutAction} className="mt-4">
          <p>You are signed in as admin.</p>
          <button type="submit" className="mt-2 rounded border border-slate-300 px-3 py-1">Sign out</button>
        </form>
      ) : (
        <>
          <p className="mt-2 text-slate-600">Reading is open to everyone. Selecting a model, rolling back and running experiments need the admin token.</p>
          <SignInForm action={signInAction} next={next ?? "/"} />
        </>
      )}
    </article>
  );
}
