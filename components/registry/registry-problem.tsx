import Link from "next/link";
import type { RegistryProblem } from "@/lib/registry/health";

/** What is wrong with the registry and how to roll back, instead of a failed page. */
export function RegistryProblemNotice({ problem, linkToRegistry = true }: { problem: RegistryProblem; linkToRegistry?: boolean }) {
  return (
    <div role="alert" data-testid="registry-problem" className="rounded-lg border border-red-200 bg-red-50 p-4">
      <h2 className="font-semibold text-red-800">The model registry needs attention</h2>
      <p className="mt-1 text-sm text-red-700">{problem.message}</p>
      <p className="mt-1 text-sm text-red-700">
        To fix it: {problem.remedy}.
        {linkToRegistry && problem.loadable.length > 0 ? (
          <>
            {" "}
            <Link href="/registry" className="underline">Open the registry</Link>.
          </>
        ) : null}
      </p>
    </div>
  );
}
