import { DataError } from "../errors";

/** The header's names, checked: valid UTF-8, not empty, no name twice, every required column present. */
export function parseHeader(bytes: Uint8Array, path: string, required: readonly string[]): string[] {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(path, "header is not valid UTF-8 text (is this a CSV file?)", { line: 1 });
  }
  const header = splitHeader(text);
  if (header.length === 1 && header[0] === "") throw new DataError(path, "header row is empty", { line: 1 });
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (seen.has(name)) {
      throw new DataError(path, `duplicate column name (first seen at column ${seen.get(name)! + 1})`, {
        line: 1,
        column: { index: index + 1, name: describeHeader([name]) },
      });
    }
    seen.set(name, index);
  });
  for (const name of required) {
    if (!seen.has(name)) {
      throw new DataError(path, `missing required column '${name}'; the header has: ${describeHeader(header)}`, { line: 1 });
    }
  }
  return header;
}

/** The header's names for an error message: control characters escaped, long names and lists cut short. */
function describeHeader(header: string[]): string {
  const shown = header.slice(0, 40).map((name) => {
    const cut = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u001f\u007f]/.test(cut) ? JSON.stringify(cut) : cut;
  });
  const text = shown.join(", ");
  return (text.length > 600 ? `${text.slice(0, 600)}…` : text) + (header.length > 40 ? ` … (${header.length} columns)` : "");
}

function splitHeader(text: string): string[] {
  const names: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      names.push(current);
      current = "";
    } else current += ch;
  }
  names.push(current);
  return names.map((name) => name.trim());
}
