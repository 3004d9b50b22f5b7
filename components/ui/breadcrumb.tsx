import Link from "next/link";

/** The way back above a page's title: the parent page's link, then a slash. */
export function Breadcrumb({ href, label }: { href: string; label: string }) {
  return (
    <p className="text-sm text-slate-500">
      <Link href={href} className="hover:underline">{label}</Link> /
    </p>
  );
}
