// Hand-written rollups against arquero and simple-statistics on 2.9M synthetic rows (figures in bench/README.md, "Designs tried").
// Neither package is a dependency: `npm install --no-save arquero simple-statistics` first, then `node bench/rollups.mjs`.
const aq = await import("arquero").catch(() => { console.error("bench/rollups.mjs: npm install --no-save arquero simple-statistics first"); process.exit(1); });
const ss = await import("simple-statistics");
const n = 2_900_000;
const day = new Float64Array(n), y = new Float64Array(n), p = new Float64Array(n), prod = new Int32Array(n);
let s = 1; const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
for (let i = 0; i < n; i++) { day[i] = 18540 + Math.floor(r() * 150); y[i] = r() < 0.0145 ? 1 : 0; p[i] = r(); prod[i] = Math.floor(r() * 62); }
function t(label, f) { const a = performance.now(); let out; for (let k = 0; k < 3; k++) out = f(); console.log(label, ((performance.now() - a) / 3).toFixed(1), "ms"); return out; }
t("hand weekly rollup", () => { const m = new Map(); for (let i = 0; i < n; i++) { const w = Math.floor((day[i] - 4) / 7); let e = m.get(w); if (!e) m.set(w, (e = { rows: 0, pos: 0 })); e.rows++; e.pos += y[i]; } return m; });
t("arquero weekly rollup", () => aq.table({ day, y }).derive({ week: (d) => op.floor((d.day - 4) / 7) }).groupby("week").rollup({ rows: aq.op.count(), pos: (d) => op.sum(d.y) }).objects());
t("hand per-product rollup", () => { const rows = new Float64Array(62), pos = new Float64Array(62); for (let i = 0; i < n; i++) { rows[prod[i]]++; pos[prod[i]] += y[i]; } return rows; });
t("arquero per-product rollup", () => aq.table({ prod, y }).groupby("prod").rollup({ rows: aq.op.count(), pos: (d) => op.sum(d.y) }).objects());
t("hand min/mean/max", () => { let mn = Infinity, mx = -Infinity, sm = 0; for (let i = 0; i < n; i++) { const v = p[i]; if (v < mn) mn = v; if (v > mx) mx = v; sm += v; } return [mn, sm / n, mx]; });
t("simple-statistics min/mean/max", () => [ss.min(p), ss.mean(p), ss.max(p)]);
t("simple-statistics quantiles (copy)", () => ss.quantile(Float64Array.from(p), [0.25, 0.5, 0.75]));
t("sort-based quantiles", () => { const c = Float64Array.from(p).sort(); return [c[Math.floor(n * 0.25)], c[Math.floor(n * 0.5)]]; });
