export default function Loading() {
  return (
    <p role="status" className="text-slate-500">
      Loading the data… the first visit after a new data file parses it and can take a few seconds.
    </p>
  );
}
