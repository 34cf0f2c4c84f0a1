import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The Lambdas bundle whatever shared/ and functions/ import. Classic zod ("zod") is one object
 * of methods, so a single import brings ~96 KB of it into a bundle whatever is used; zod/mini's
 * functions shake down to the schemas' own (~35 KB). zod/mini loads no error messages, so every
 * module that builds a schema also imports the English ones (shared/domain/zod-english.ts).
 */
const root = join(import.meta.dirname, "../..");
const ALLOWED = new Set([
  "zod/mini",
  // English messages only (zod-english.ts), and the core's ZodError (mini has no class of its own).
  "zod/locales",
  "zod/v4/core",
]);
const ENGLISH = "shared/domain/zod-english.ts";

const sources = ["shared", "functions"].flatMap((dir) =>
  readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.[cm]?[jt]s$/.test(file))
    .map((file) => {
      const path = relative(root, join(root, dir, file))
        .split("\\")
        .join("/");
      return { path, text: readFileSync(join(root, path), "utf8") };
    }),
);

/** Every zod module a source names: static, side-effect, re-export, dynamic import or require. */
function zodSpecifiers(text: string): string[] {
  const found = text.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](zod(?:\/[^"']*)?)["']/g,
  );
  return [...found].map((m) => m[1] as string);
}

describe("Lambda code uses zod/mini, never classic zod", () => {
  it("finds the schema modules (the scan itself works)", () => {
    const users = sources.filter((s) => zodSpecifiers(s.text).length > 0).map((s) => s.path);
    expect(users).toContain("shared/config/app-config.ts");
    expect(users).toContain("functions/send-due-reminders/event.ts");
    expect(
      zodSpecifiers("import * as z from \"zod\";\nimport type { ZodType } from 'zod/v4';"),
    ).toEqual(["zod", "zod/v4"]);
  });

  it("imports zod only as zod/mini (and its English locale and core error)", () => {
    const classic = sources.flatMap((s) =>
      zodSpecifiers(s.text)
        .filter((spec) => !ALLOWED.has(spec))
        .map((spec) => `${s.path}: "${spec}"`),
    );
    expect(classic, 'use `import * as z from "zod/mini"`').toEqual([]);
  });

  it("gives every module that builds a schema the English messages", () => {
    const buildsSchemas = (text: string) =>
      /^\s*import\s+(?!type\b)[^;]*?\bfrom\s*["']zod\/mini["']/m.test(text);
    /** Resolves each relative import of the file, so "../zod-english" is the same module. */
    const importsEnglish = (path: string, text: string) =>
      [...text.matchAll(/^\s*import\s+["'](\.{1,2}\/[^"']+)["']/gm)].some(
        (m) => posix.join(posix.dirname(path), m[1] as string) === ENGLISH.replace(/\.ts$/, ""),
      );
    const silent = sources
      .filter((s) => s.path !== ENGLISH && buildsSchemas(s.text) && !importsEnglish(s.path, s.text))
      .map((s) => s.path);
    expect(
      silent,
      `add: import "…/${ENGLISH.replace(/^shared\//, "").replace(/\.ts$/, "")}";`,
    ).toEqual([]);
  });
});
