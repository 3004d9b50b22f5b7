import type { Metadata } from "next";
import Link from "next/link";
import { GridStatus } from "@/components/experiments/grid-status";
import { runQueue } from "@/lib/experiments/queue/run-queue-service";
import { activeGridRun } from "@/lib/experiments/queue/serve-grid";
import { resolveWorkspace } from "@/lib/workspace";
import { accessMode } from "./_server/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "pushlab", template: "%s · pushlab" },
  description: "Find, compare and select the model that decides which customers get a push notification.",
};

const NAV = [
  { href: "/", label: "Report" },
  { href: "/experiments", label: "Experiments" },
  { href: "/registry", label: "Registry" },
];

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const mode = await accessMode();
  const grid = activeGridRun(runQueue(resolveWorkspace()));
  return (
    <html lang="en">
      <body>
        <header className="border-b border-slate-200 bg-slate-50">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
            <Link href="/" className="font-semibold tracking-tight text-slate-900">
              pushlab
            </Link>
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className="text-sm text-slate-600 hover:text-slate-900 focus:underline">
                {item.label}
              </Link>
            ))}
            <span className="ml-auto text-xs text-slate-500" data-testid="access-mode">
              {mode.open ? (
                "open local mode"
              ) : mode.admin ? (
                <Link href="/login" className="hover:underline">signed in as admin</Link>
              ) : (
                <Link href="/login" className="hover:underline">sign in</Link>
              )}
            </span>
          </nav>
        </header>
        {grid ? <GridStatus initial={grid} /> : null}
        <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
      </body>
    </html>
  );
}
