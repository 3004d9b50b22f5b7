import { expect, request as newRequest, test, type Page } from "@playwright/test";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createSession } from "../lib/auth/session";
import { MAX_BODY_BYTES, MAX_ROWS_PER_REQUEST } from "../lib/registry/request-limits";
import { E2E_ADMIN_TOKEN, E2E_HOME } from "../playwright.config";
import { PREDICT_ROW } from "./fixtures";

/*
 * Issue 8, part 4: the web app's security contract, attacked the way a browser (or curl) would.
 * - Without a valid session cookie, no Server Action changes anything: every action of the build
 *   (.next/server/server-reference-manifest.json, sign-in/out aside) is called directly with the
 *   `Next-Action` header, same-origin, as captured from a real admin click or built like React does.
 *   A replay of the same captured requests WITH the admin cookie does change things (the control that
 *   proves the replays are well-formed).
 * - Ids with `..`, slashes or NUL are rejected (pages 404, APIs 400/404).
 * - Bodies over the limit are refused (POST /api/predict → 413; Server Actions > 1 MB → 413, not run).
 * - Nothing under PUSHLAB_HOME (or the build's server files) is served; no response carries the token.
 * - The session cookie is httpOnly and SameSite=Strict; forged, re-signed or expired values are no session.
 * The other specs select models, so nothing here assumes a registry state.
 */

test.describe.configure({ mode: "serial" });

const EXPERIMENT = "lr-none-l2-C1e-2-unweighted";
const COOKIE = "pushlab_session";
const FORBIDDEN = "sign in as admin";
/** PUSHLAB_HOME's folders that reading pages may fill (the data file and its parse caches). */
const READ_CACHES = ["data", "cache"];

/** Everything under PUSHLAB_HOME a mutation could touch, hashed: all but the read caches and lock folders. */
function workspaceState(): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) {
      if (name === ".lock") continue;
      const full = path.join(dir, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(E2E_HOME, full);
      if (stat.isSymbolicLink()) state[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (stat.isDirectory()) walk(full);
      else state[rel] = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex").slice(0, 16);
    }
  };
  for (const name of fs.readdirSync(E2E_HOME).sort()) {
    if (READ_CACHES.includes(name) || name === ".lock") continue;
    const full = path.join(E2E_HOME, name);
    if (fs.lstatSync(full).isDirectory()) walk(full);
    else state[name] = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex").slice(0, 16);
  }
  return state;
}

function registryIndex(): { active: string | null; versions: { version: string }[] } {
  try {
    return JSON.parse(fs.readFileSync(path.join(E2E_HOME, "registry", "registry.json"), "utf8"));
  } catch {
    return { active: null, versions: [] };
  }
}

/** Waits until no run of the browser's run queue is queued or running, so the workspace is at rest. */
async function workspaceAtRest(): Promise<void> {
  const runs = path.join(E2E_HOME, "runs");
  await expect
    .poll(
      () =>
        fs.existsSync(runs) &&
        fs
          .readdirSync(runs)
          .filter((n) => n.endsWith(".json"))
          .some((n) => /"status":\s*"(queued|running)"/.test(fs.readFileSync(path.join(runs, n), "utf8"))),
      { timeout: 90_000 },
    )
    .toBe(false);
}

async function signIn(page: Page, next: string) {
  await page.goto(`/login?next=${next}`);
  await page.getByTestId("token-input").fill(E2E_ADMIN_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("access-mode")).toHaveText("signed in as admin");
}

interface ActionCall {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The action answers with a state carrying the "sign in" message when refused (useActionState forms). */
  returnsState: boolean;
}

/** Runs `trigger`, intercepts the Server Action POST it causes, aborts it (nothing runs) and returns it. */
async function captureAction(page: Page, name: string, returnsState: boolean, trigger: () => Promise<void>): Promise<ActionCall> {
  let resolve!: (call: ActionCall) => void;
  const captured = new Promise<ActionCall>((r) => (resolve = r));
  await page.route("**/*", async (route) => {
    const req = route.request();
    if (req.method() === "POST" && req.headers()["next-action"]) {
      const headers = { ...req.headers() };
      delete headers.cookie;
      resolve({ name, url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0), returnsState });
      await route.abort();
    } else await route.fallback();
  });
  await trigger();
  const call = await captured;
  await page.unroute("**/*");
  return call;
}

/** A Server Action request built as React encodes one: `0` holds the arguments, `_1_*` the FormData. */
function buildActionCall(name: string, id: string, url: string, origin: string, withState: boolean, fields: Record<string, string>): ActionCall {
  const boundary = `----pushlabSecurity${crypto.randomBytes(6).toString("hex")}`;
  const parts = Object.entries(fields).map(([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="_1_${key}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n${withState ? '[null,"$K1"]' : '["$K1"]'}\r\n--${boundary}--\r\n`);
  return {
    name: `${name} (${withState ? "state, formData" : "formData"})`,
    url,
    headers: { accept: "text/x-component", "content-type": `multipart/form-data; boundary=${boundary}`, "next-action": id, origin },
    body: Buffer.from(parts.join("")),
    returnsState: false,
  };
}

/** Replays a captured call from a fresh client (no cookie jar), with the given session cookie value if any. */
async function replay(baseURL: string, call: ActionCall, cookie?: string) {
  const client = await newRequest.newContext({ baseURL });
  try {
    const response = await client.post(call.url, {
      headers: { ...call.headers, ...(cookie !== undefined ? { cookie: `${COOKIE}=${cookie}` } : {}) },
      data: call.body,
      maxRedirects: 0,
    });
    return { status: response.status(), body: await response.text() };
  } finally {
    await client.dispose();
  }
}

/** A GET with the path sent exactly as written (no `..` normalisation by a URL parser). */
function rawGet(baseURL: string, rawPath: string): Promise<{ status: number; body: string }> {
  const url = new URL(baseURL);
  return new Promise((resolve, reject) => {
    // A fresh connection each time (agent: false): a reused keep-alive socket can be reset under us.
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: "GET", agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Forged session cookie values: none of them may be taken for a session. */
function forgedCookies(genuine: string): [string, string][] {
  const [issued, sessionId, mac] = genuine.split(".");
  const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith("A") ? "B" : "A"}`;
  return [
    ["signed with another token", createSession("not-the-e2e-token")],
    ["genuine but expired (13 h old)", createSession(E2E_ADMIN_TOKEN, Date.now() - 13 * 3600 * 1000)],
    ["issue time changed", `${Number(issued) - 1}.${sessionId}.${mac}`],
    ["session id changed", `${issued}.${flip(sessionId)}.${mac}`],
    ["MAC changed", `${issued}.${sessionId}.${flip(mac)}`],
    ["the session id left out (the old format)", `${issued}.${mac}`],
    ["a guessable value", "admin"],
  ];
}

const ROW = PREDICT_ROW;

/** Every response body the spec saw, to prove none carries the admin token. */
const bodies: { what: string; body: string }[] = [];
let genuineCookie = "";

test("the session cookie is httpOnly and SameSite=Strict; forged, re-signed and expired cookies are no session", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000); // eight fresh browser contexts, one per forged value
  const signInResponse = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
  await signIn(page, `/experiments/${EXPERIMENT}`);
  const setCookie = (await (await signInResponse).headerValue("set-cookie")) ?? "";
  expect(setCookie).toContain(`${COOKIE}=`);
  expect(setCookie).toMatch(/;\s*HttpOnly/i);
  expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
  const cookie = (await page.context().cookies()).find((c) => c.name === COOKIE)!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
  expect(await page.evaluate(() => document.cookie)).not.toContain(COOKIE);
  genuineCookie = cookie.value;
  bodies.push({ what: "experiment page as admin", body: await page.content() });

  for (const [what, value] of forgedCookies(genuineCookie)) {
    const context = await browser.newContext();
    await context.addCookies([{ name: COOKIE, value, url: baseURL! }]);
    const forged = await context.newPage();
    await forged.goto(`/experiments/${EXPERIMENT}`);
    await expect(forged.getByTestId("access-mode"), what).toHaveText("sign in");
    await expect(forged.getByTestId("select-model"), what).toHaveCount(0);
    await context.close();
  }
});

test("without a valid session, no Server Action changes anything (every action of the build, called directly)", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await workspaceAtRest();
  page.on("dialog", (dialog) => dialog.accept()); // select and rollback ask for confirmation
  await signIn(page, `/experiments/${EXPERIMENT}`);
  // Two versions at least, so the registry page offers a rollback to capture.
  while (registryIndex().versions.length < 2) {
    await page.goto(`/experiments/${EXPERIMENT}`);
    await page.getByRole("button", { name: "Select as model" }).click();
    await expect(page.getByTestId("select-model-status")).toContainText(/Selected as v_/, { timeout: 60_000 });
  }
  const admin = (await page.context().cookies()).find((c) => c.name === COOKIE)!.value;

  // The real requests of three admin clicks, aborted before they reach the server.
  await page.goto(`/experiments/${EXPERIMENT}`);
  const select = await captureAction(page, "selectModelAction", true, () => page.getByRole("button", { name: "Select as model" }).click());
  await page.goto(`/experiments/${EXPERIMENT}`);
  const keep = await captureAction(page, "keepThresholdAction", false, () => page.getByTestId("keep-threshold").click());
  await page.goto("/registry");
  const activate = await captureAction(page, "activateVersionAction", true, () =>
    page.locator('[data-testid^="activate-v_"]').first().getByRole("button", { name: "Roll back to this" }).click(),
  );

  // Every other action of the build, built as React would send it (both argument shapes).
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8"));
  const actions = Object.entries(manifest.node as Record<string, { workers: Record<string, unknown>; exportedName?: string }>);
  const captured = new Map([select, keep, activate].map((c) => [c.headers["next-action"], c]));
  for (const c of [select, keep, activate]) expect(actions.map(([id]) => id), `${c.name} is in the manifest`).toContain(c.headers["next-action"]);
  const origin = new URL(baseURL!).origin;
  const version = registryIndex().versions[0].version;
  const fields = { id: EXPERIMENT, version, threshold: "0.5", reason: "security", note: "security", encoding: "none", penalty: "l2", C: "0.07", classWeight: "none", allFeatures: "on" };
  const calls: ActionCall[] = [select, keep, activate];
  for (const [id, entry] of actions) {
    if (captured.has(id) || entry.exportedName === "signInAction" || entry.exportedName === "signOutAction") continue;
    const worker = Object.keys(entry.workers)[0];
    const route = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^/)]*\)/g, "").replace("[id]", EXPERIMENT).replace(/\[[^\]]+\]/g, "x") || "/";
    for (const withState of [true, false]) calls.push(buildActionCall(entry.exportedName ?? id, id, route, origin, withState, fields));
  }
  const refusals: string[] = [];
  for (const call of calls) {
    for (const [what, cookie] of [["no cookie", undefined], ...forgedCookies(admin)] as [string, string | undefined][]) {
      const before = workspaceState();
      const response = await replay(baseURL!, call, cookie);
      expect(workspaceState(), `${call.name} with ${what} changed the workspace`).toEqual(before);
      expect(response.body).not.toMatch(/Selected as v_|is now active/);
      if (call.returnsState) expect(response.body, `${call.name} with ${what}`).toContain(FORBIDDEN);
      bodies.push({ what: `${call.name} with ${what}`, body: response.body });
      refusals.push(`${call.name}/${what}: ${response.status}`);
    }
  }
  console.log(`security: ${calls.length} action calls × ${forgedCookies(admin).length + 1} cookie variants refused: ${refusals.length}`);

  // The control: the same captured requests with the admin cookie do work.
  const thresholdsBefore = workspaceState()["results/_operating-thresholds.json"];
  expect((await replay(baseURL!, keep, admin)).status).toBeLessThan(400);
  expect(workspaceState()["results/_operating-thresholds.json"]).not.toBe(thresholdsBefore);
  const versionsBefore = registryIndex().versions.length;
  const selected = await replay(baseURL!, select, admin);
  expect(selected.body).toMatch(/Selected as v_/);
  expect(registryIndex().versions.length).toBe(versionsBefore + 1);
});

test("ids with .., slashes and NUL are rejected: experiment pages 404, APIs 400/404", async ({ request, baseURL }) => {
  for (const raw of [
    "/experiments/lr..x",
    "/experiments/..%2F..%2Fregistry%2Fregistry.json",
    "/experiments/%2E%2E%2Fregistry",
    `/experiments/${EXPERIMENT}%2F..%2F..%2Fregistry`,
    "/experiments/..%252F..%252Fregistry",
    "/experiments/a%2Fb",
    "/experiments/a%5C..%5Cb",
    `/experiments/${EXPERIMENT}%00`,
    "/experiments/%00",
    "/experiments/lr-none%00..%2F",
  ]) {
    const response = await rawGet(baseURL!, raw);
    expect(response.status, raw).toBe(404);
    expect(response.body).not.toContain("pushlab-registry-v1");
    bodies.push({ what: raw, body: response.body });
  }
  // A bare `..` segment is resolved by URL parsing before routing: it names the parent page, not an id.
  expect((await rawGet(baseURL!, "/experiments/..")).body).not.toContain("pushlab-registry-v1");

  for (const version of ["../registry", "..%2Fregistry", "v_20200101_000000/../../x", "v_20200101_000000\u0000", "/etc/passwd", "..\\..\\registry"]) {
    const response = await request.post("/api/predict", { data: { rows: [ROW], version } });
    expect([400, 404], version).toContain(response.status());
    bodies.push({ what: `predict version ${version}`, body: await response.text() });
  }
  for (const query of ["productType=..%2F..%2Fregistry", "productType=a%00b", "variantId=..%2F1", "productType=%2Fetc%2Fpasswd"]) {
    const response = await request.get(`/api/report/targeting?${query}`);
    expect(response.status(), query).toBe(400);
  }
});

test("a malformed percent-encoding in an experiment id is a 404 like any unknown id", async ({ baseURL }) => {
  // Next's own decoding of the [id] segment used to throw before the page ran (a 500); proxy.ts answers first.
  for (const raw of ["/experiments/%E0%A4%A", "/experiments/%FF", "/experiments/abc%", "/path/%C3%28"]) {
    const response = await rawGet(baseURL!, raw);
    expect(response.status, raw).toBe(404);
    expect(response.body).not.toContain(E2E_ADMIN_TOKEN);
  }
  // A well-formed encoding still reaches the page.
  expect((await rawGet(baseURL!, `/experiments/${encodeURIComponent(EXPERIMENT)}`)).status).toBe(200);
});

test("request bodies over the limit are refused", async ({ request, baseURL }) => {
  const big = JSON.stringify({ rows: Array.from({ length: 9000 }, () => ({ ...ROW, vendor: "v".repeat(600) })) });
  expect(big.length).toBeGreaterThan(MAX_BODY_BYTES);
  const declared = await request.post("/api/predict", { headers: { "content-type": "application/json" }, data: big });
  expect(declared.status()).toBe(413);

  // The same body streamed without a Content-Length: the route counts what it reads.
  const url = new URL(baseURL!);
  const streamed = await new Promise<number>((resolve, reject) => {
    let status = 0;
    const req = http.request({ host: url.hostname, port: url.port, path: "/api/predict", method: "POST", agent: false, headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => resolve(status));
    });
    // The server may close the connection once it has refused the body: a write error after its answer is expected.
    req.on("error", (error) => (status ? resolve(status) : reject(error)));
    for (let i = 0; i < big.length; i += 64 * 1024) req.write(big.slice(i, i + 64 * 1024));
    req.end();
  });
  expect(streamed).toBe(413);

  // A Server Action over Next's 1 MB limit is not run, even for an admin: 413 from proxy.ts.
  const admin = createSession(E2E_ADMIN_TOKEN);
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8"));
  const selectId = Object.entries(manifest.node as Record<string, { exportedName?: string }>).find(([, e]) => e.exportedName === "selectModelAction")![0];
  const call = buildActionCall("selectModelAction", selectId, `/experiments/${EXPERIMENT}`, url.origin, true, { id: EXPERIMENT, note: "n".repeat(3 * 1024 * 1024) });
  await workspaceAtRest();
  const before = workspaceState();
  const response = await replay(baseURL!, call, admin);
  expect(response.status).toBe(413);
  expect(response.body).not.toMatch(/Selected as v_/);
  expect(workspaceState()).toEqual(before);
});

test("nothing under PUSHLAB_HOME or the build's server files is served, and no response carries the admin token", async ({ request, baseURL }) => {
  const home = path.basename(E2E_HOME);
  for (const raw of [
    `/${home}/registry/registry.json`,
    `/${home}/registry/history.jsonl`,
    `/${home}/results/${EXPERIMENT}.json`,
    `/${home}/data/feature_frame_synthetic.csv`,
    "/.pushlab/registry/registry.json",
    `/_next/../${home}/registry/registry.json`,
    `/_next/static/../../${home}/registry/registry.json`,
    `/_next/static/..%2F..%2F${home}%2Fregistry%2Fregistry.json`,
    `/_next/static/%2e%2e/%2e%2e/${home}/registry/registry.json`,
    `/%2e${home.slice(1)}/registry/registry.json`,
    "/registry/registry.json",
    "/_next/server/server-reference-manifest.json",
    "/_next/static/../server/server-reference-manifest.json",
    "/.next/server/server-reference-manifest.json",
    "/.env",
    "/package.json",
  ]) {
    const response = await rawGet(baseURL!, raw);
    expect(response.status, raw).toBe(404);
    expect(response.body, raw).not.toContain("pushlab-registry-v1");
    expect(response.body, raw).not.toContain("encryptionKey");
    bodies.push({ what: raw, body: response.body });
  }
  for (const page of ["/", "/experiments", `/experiments/${EXPERIMENT}`, "/registry", "/login", "/compare", "/api/models/active", "/no-such-page"]) {
    const response = await request.get(page);
    expect(response.headers()["x-powered-by"]).toBeUndefined();
    bodies.push({ what: page, body: await response.text() });
  }
  for (const { what, body } of bodies) expect(body, what).not.toContain(E2E_ADMIN_TOKEN);
  expect(bodies.length).toBeGreaterThan(40);

  // Nor does anything the server hands out as a static file.
  const staticDir = path.join(".next", "static");
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const leaking = walk(staticDir).filter((file) => fs.readFileSync(file).includes(E2E_ADMIN_TOKEN));
  expect(leaking).toEqual([]);
});

/*
 * Issue 16: the defects a hostile tester found over HTTP (the library side of each is in
 * test/reliability/hostile-review.test.ts).
 */

test("sign-in is throttled: after a few wrong tokens a client must wait, even with the right one, and is told so", async ({ browser }) => {
  // Its own client address (X-Forwarded-For), so the other tests' sign-ins from 127.0.0.1 are not held up.
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.16" } });
  const page = await context.newPage();
  await page.goto("/login?next=/");
  const attempt = async (token: string) => {
    await page.getByTestId("token-input").fill(token);
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
    return (await page.getByTestId("sign-in-error").innerText()).replace(/\s+/g, " ");
  };
  const messages: string[] = [];
  for (let k = 0; k < 5; k++) messages.push(await attempt(`wrong-${k}`));
  expect(messages[0]).toBe("That is not the admin token.");
  expect(messages.at(-1)).toMatch(/Too many failed sign-ins: try again in \d+ s/);
  // While it waits, even the right token is refused without being looked at.
  expect(await attempt(E2E_ADMIN_TOKEN)).toMatch(/Too many failed sign-ins: try again in \d+ s/);
  await expect(page.getByTestId("access-mode")).toHaveText("sign in");
  await context.close();
});

test("sign-out ends the session: a copy of the cookie is no session afterwards", async ({ page, browser, baseURL }) => {
  await signIn(page, "/registry");
  const copied = (await page.context().cookies()).find((c) => c.name === COOKIE)!.value;
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByTestId("access-mode")).toHaveText("sign in");
  const context = await browser.newContext();
  await context.addCookies([{ name: COOKIE, value: copied, url: baseURL! }]);
  const stolen = await context.newPage();
  await stolen.goto(`/experiments/${EXPERIMENT}`);
  await expect(stolen.getByTestId("access-mode")).toHaveText("sign in");
  await expect(stolen.getByTestId("select-model")).toHaveCount(0);
  await context.close();
});

test("a corrupt active model: the pages say what is wrong and how to roll back, the APIs answer 503 with JSON", async ({ request }) => {
  if (!registryIndex().active) {
    const selected = spawnSync(process.execPath, ["bin/pushlab.mjs", "select", EXPERIMENT, "--note", "security spec"], { env: { ...process.env, PUSHLAB_HOME: E2E_HOME }, encoding: "utf8" });
    expect(selected.status, selected.stderr).toBe(0);
  }
  const active = registryIndex().active!;
  const file = path.join(E2E_HOME, "registry", active, "model.json");
  const saved = fs.readFileSync(file);
  const model = JSON.parse(saved.toString("utf8"));
  model.pipeline.scaler.mean = model.pipeline.scaler.mean.slice(0, 1);
  fs.writeFileSync(file, JSON.stringify(model));
  try {
    for (const page of ["/", "/registry"]) {
      const response = await request.get(page);
      expect(response.status(), page).toBe(200);
      const body = await response.text();
      expect(body, page).toContain("The model registry needs attention");
      expect(body, page).toContain(`the active model ${active} cannot be used`);
      expect(body, page).toMatch(/roll back|select a model again/);
    }
    const predict = await request.post("/api/predict", { data: { rows: [ROW] } });
    expect(predict.status()).toBe(503);
    expect((await predict.json()).error).toMatch(/scaler\.mean has 1 values/);
    const activeModel = await request.get("/api/models/active");
    expect(activeModel.status()).toBe(503);
    expect((await activeModel.json()).error).toContain("model.json");
  } finally {
    fs.writeFileSync(file, saved);
  }
  expect((await request.post("/api/predict", { data: { rows: [ROW] } })).status()).toBe(200);
});

test("a repeated query parameter is a 400, not a 500", async ({ request }) => {
  const response = await request.get(`/compare?ids=${EXPERIMENT}&ids=${EXPERIMENT}`);
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("given more than once");
  expect((await request.get(`/compare?ids=${EXPERIMENT}`)).status()).toBe(200);
});

test(`the row limit (${MAX_ROWS_PER_REQUEST}) is reachable under the body cap, and Content-Type is parsed as a media type`, async ({ request }) => {
  const largest = Object.fromEntries(
    Object.entries(ROW).map(([k, v]) => [k, typeof v === "number" ? (Number.isInteger(v) ? 123456789012345 : 0.12345678901234567) : k === "vendor" || k === "product_type" ? "v".repeat(200) : v]),
  );
  const body = JSON.stringify({ rows: Array.from({ length: MAX_ROWS_PER_REQUEST }, () => largest) });
  expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  const full = await request.post("/api/predict", { headers: { "content-type": "application/json" }, data: body });
  expect(full.status()).toBe(200);
  expect((await full.json()).predictions).toHaveLength(MAX_ROWS_PER_REQUEST);
  const one = JSON.stringify({ rows: [ROW] });
  for (const [type, status] of [
    ["APPLICATION/JSON", 200],
    ["application/json; charset=UTF-8", 200],
    ["application/jsonp", 415],
    ["text/plain; x=application/json", 415],
    ["application/json-patch+json", 415],
  ] as const) {
    const response = await request.post("/api/predict", { headers: { "content-type": type }, data: one });
    expect(response.status(), type).toBe(status);
  }
});
