import Link from "next/link";

export default function NotFound() {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">
        There is nothing here. Go back to the <Link href="/" className="underline">report</Link> or the{" "}
        <Link href="/experiments" className="underline">experiments</Link>.
      </p>
    </div>
  );
}
