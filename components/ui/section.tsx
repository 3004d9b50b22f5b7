import type { ReactNode } from "react";

/**
 * The one section of the pages: a heading, an optional lead sentence, then the content. With an id the
 * heading names the section (aria-labelledby), which makes it a landmark a reader can jump to.
 */
export function Section({
  title,
  sentence,
  id,
  testId,
  className,
  headingClassName = "text-xl font-semibold",
  children,
}: {
  title: ReactNode;
  sentence?: ReactNode;
  id?: string;
  testId?: string;
  className?: string;
  headingClassName?: string;
  children?: ReactNode;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} className={className} data-testid={testId}>
      <h2 id={headingId} className={headingClassName}>
        {title}
      </h2>
      {sentence ? <p className="max-w-3xl text-slate-700">{sentence}</p> : null}
      {children}
    </section>
  );
}
