import { afterAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { removeAbandonedTemps, tempPathFor, writeFileAtomicSync, writeJsonAtomicSync, writeThroughTemp } from "../lib/fs-atomic";
import { tempDir } from "./helpers/feature-frame-csv";

const root = tempDir("pushlab-fs-atomic-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A pid that is certainly not running: a child that has exited. */
const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;

describe("atomic writes", () => {
  it("write the whole content, replace an existing file, and leave no temp file", async () => {
    const dir = path.join(root, "write");
    fs.mkdirSync(dir);
    const file = path.join(dir, "a.json");
    writeJsonAtomicSync(file, { v: 1 });
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ v: 1 });
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
    writeFileAtomicSync(file, bytes.subarray(1000)); // a view: only its own bytes are written
    expect(fs.readFileSync(file).equals(Buffer.from(bytes.subarray(1000)))).toBe(true);
    expect(await writeThroughTemp(file, (fd) => fs.writeSync(fd, "async\n"))).toBe(6);
    expect(fs.readFileSync(file, "utf8")).toBe("async\n");
    expect(fs.readdirSync(dir)).toEqual(["a.json"]);
  });

  it("name the temp file hidden, beside the target, with this process's pid", () => {
    const temp = tempPathFor(path.join(root, "x", "model.json"));
    expect(path.dirname(temp)).toBe(path.join(root, "x"));
    expect(path.basename(temp)).toMatch(new RegExp(`^\\.model\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
  });

  it("remove the temp files of dead writers in the folder, and keep those of live ones and other files", () => {
    const dir = path.join(root, "clean");
    fs.mkdirSync(dir);
    const names = {
      dead: `.r.json.${deadPid}.0badf00d.tmp`,
      deadOther: `.s.scores.f32.${deadPid}.00c0ffee.tmp`,
      live: `.r.json.${process.pid}.0a11fe00.tmp`,
      unrelated: ".r.json.notapid.tmp",
      visible: `r.json.${deadPid}.0badf00d.tmp`,
    };
    for (const name of Object.values(names)) fs.writeFileSync(path.join(dir, name), "x");
    writeFileAtomicSync(path.join(dir, "r.json"), "{}\n");
    expect(fs.readdirSync(dir).sort()).toEqual([names.live, names.unrelated, "r.json", names.visible].sort());
  });

  it("with onlyFor, remove only the temps of that file", () => {
    const dir = path.join(root, "only");
    fs.mkdirSync(dir);
    const mine = `.out.csv.${deadPid}.0badf00d.tmp`;
    const theirs = `.notes.txt.${deadPid}.0badf00d.tmp`;
    for (const name of [mine, theirs]) fs.writeFileSync(path.join(dir, name), "x");
    removeAbandonedTemps(dir, path.join(dir, "out.csv"));
    expect(fs.readdirSync(dir)).toEqual([theirs]);
  });

  it("leave the target and the folder unchanged when the write fails", async () => {
    const dir = path.join(root, "fail");
    const target = path.join(dir, "taken");
    fs.mkdirSync(path.join(target, "inside"), { recursive: true }); // a non-empty folder: the rename fails
    expect(() => writeFileAtomicSync(target, "data")).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    await expect(writeThroughTemp(target, (fd) => fs.writeSync(fd, "data"))).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(fs.readdirSync(dir)).toEqual(["taken"]);
    expect(fs.readdirSync(target)).toEqual(["inside"]);
  });
});
