/**
 * Labels for the stakeholder layer of the report: product types as words ("babyfood12months" →
 * "Baby food 12 months") and customers by a short label instead of a 13-digit id.
 */

// Words of grocery product-type names. A name is split into the fewest known words; letters no word
// covers stay together as they are, so an unfamiliar type is still shown, only less nicely.
const WORDS = new Set(
  (
    "all and adult accessories air bags baby baking bath bathroom beer bin biscuits bottled care cat capsules cereal cider cleaner cleaning " +
    "cocktails coffee condiments conditioner confectionery cooking crackers dental deodorant detergent dish dog dressings dried drinks fabric " +
    "facial feminine food foods formula freshener fruit fruits gel glass grooming hair hand health home honey household incontinence ingredients " +
    "jam juice kids kitchen life limescale liquid long maternity medicines milk mixers months nappies nappy nuts oils olives oven packaged pants " +
    "pasta pet pickled powder premixed preserves pulses purpose rice roll sanitisers seeds shaving shower skin snacks soap soft spirits spreads " +
    "squash storage substitutes sun superfoods supplements tea tins toilet toiletries treatments washing water window wine fresh frozen meat fish " +
    "dairy bread bakery vegetables vegetable sauces sauce pizza ready meals desserts chocolate sweets cheese eggs yogurt"
  ).split(" "),
);
const MAX_WORD = Math.max(...[...WORDS].map((w) => w.length));

function segment(letters: string): string[] {
  // best[i] = fewest pieces covering letters[0..i); an uncovered letter costs more than any word.
  const n = letters.length;
  const cost = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(0);
  cost[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - MAX_WORD); j < i; j++) {
      if (WORDS.has(letters.slice(j, i)) && cost[j] + 1 < cost[i]) {
        cost[i] = cost[j] + 1;
        back[i] = j;
      }
    }
    if (cost[i - 1] + 10 < cost[i]) {
      cost[i] = cost[i - 1] + 10;
      back[i] = -(i - 1) - 1; // one uncovered letter
    }
  }
  const pieces: { text: string; known: boolean }[] = [];
  for (let i = n; i > 0; ) {
    const b = back[i];
    const j = b < 0 ? -b - 1 : b;
    pieces.unshift({ text: letters.slice(j, i), known: b >= 0 });
    i = j;
  }
  // Uncovered letters next to each other form one piece.
  const merged: string[] = [];
  let pendingUnknown = "";
  for (const p of pieces) {
    if (!p.known) pendingUnknown += p.text;
    else {
      if (pendingUnknown) merged.push(pendingUnknown), (pendingUnknown = "");
      merged.push(p.text);
    }
  }
  if (pendingUnknown) merged.push(pendingUnknown);
  return merged;
}

/** "babyfood12months" → "Baby food 12 months"; "ricepastapulses" → "Rice pasta pulses". */
export function readableProductType(name: string): string {
  const words: string[] = [];
  for (const token of name.trim().split(/[\s_\-]+/)) {
    for (const part of token.match(/[0-9]+|[^0-9]+/g) ?? []) {
      if (/^[0-9]+$/.test(part)) words.push(part);
      else if (/^[a-z]+$/.test(part)) words.push(...segment(part));
      else words.push(part);
    }
  }
  const text = words.join(" ");
  return text ? text[0].toUpperCase() + text.slice(1) : name;
}

/**
 * Short, stable labels for the customers of one list: "Customer 1", "Customer 2", … in order of first
 * appearance, so the same customer keeps one label within a table.
 */
export function customerLabels(userIds: readonly number[]): Map<number, string> {
  const labels = new Map<number, string>();
  for (const id of userIds) if (!labels.has(id)) labels.set(id, `Customer ${labels.size + 1}`);
  return labels;
}
