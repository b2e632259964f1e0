import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { CATALOGS } from '../../src/shared/i18n.ts';
import { LANGUAGES } from '../../src/shared/languages.ts';
import { ALERT_PHRASES, HEALTH_PHRASES } from '../../src/shared/alert-phrase.ts';

/**
 * Every word the window, the tray, notifications and alert messages show comes from the
 * message catalogs (src/shared/locales/<tag>.json). Checked on the source with the
 * TypeScript compiler: a literal user-facing string in src/renderer or src/core/desktop
 * fails, naming its file and line; so does a catalog key one language has and the other
 * lacks, a key the code uses that no catalog has, and a placeholder one translation drops.
 */

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel, ext));
    else if (ext.test(entry.name)) out.push(rel);
  }
  return out.sort();
}

const RENDERER = filesUnder('src/renderer/src', /\.tsx?$/).filter((f) => !f.endsWith('.d.ts'));
const DESKTOP = ['src/core/desktop/tray-model.ts', 'src/core/desktop/notifier.ts', 'src/core/desktop/desktop.ts'];

/** Attributes people read (or hear): their literal text must come from a catalog. */
const SPOKEN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'help',
  'caption',
]);
/** Attributes that are code, not words. */
const CODE_ATTRIBUTES =
  /^(className|key|id|href|type|role|name|value|inputMode|autoComplete|htmlFor|data-.*|aria-(controls|describedby|labelledby|haspopup|current|sort|live|expanded|pressed|invalid|hidden)|dateTime|tabIndex|method|target|rel|lang|spellCheck|autoCapitalize|min|max|step|pattern|form|dir|scope|headers|colSpan|rowSpan|preserveAspectRatio|viewBox|points|d|fill|stroke|list|accept)$/;

/** Text that is not words: marks, dashes, units of punctuation. */
const NOT_WORDS = /^[\s\p{P}\p{S}\d]*$/u;
/** Names that read the same in every language. */
const NAMES = new Set(['Burnrate', 'HTTP', 'API', 'USD', 'CNY', 'UTC', 'CSV', 'JSON', 'OK']);

function isWords(text: string): boolean {
  const stripped = text
    .split(/(\s+)/)
    .filter((w) => !NAMES.has(w.replace(/[\p{P}\p{S}]/gu, '')))
    .join('');
  return !NOT_WORDS.test(stripped);
}

/** A sentence-like literal in plain code ("Export cancelled.", "Snoozed until …"): two words or more. */
const SENTENCE = /\p{L}{2,}[^\S\n]+\p{L}{2,}/u;

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Calls whose string arguments are code, not words shown (keys, channels, selectors, errors for developers). */
const CODE_CALLS =
  /^(t|tr|translator|i18n\.t|call|useApi|window\.api\.on|querySelector|querySelectorAll|closest|matchMedia|getItem|setItem|removeItem|addEventListener|removeEventListener|setAttribute|getAttribute|createElement|getElementById|Error|TypeError|RangeError|Intl\.\w+|say|format\w*|navigate|routeHref|Date\.parse|startsWith|endsWith|includes|split|replace|join|emit|on|off|fire|has|get|delete|indexOf|test|exec)$/;

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) {
    const left = ts.isIdentifier(e.expression) ? `${e.expression.text}.` : '';
    return CODE_CALLS.test(`${left}${e.name.text}`) ? `${left}${e.name.text}` : e.name.text;
  }
  return '';
}

/** Whether a string literal is code by where it stands: a key, a comparison, a type, an import, a code call's argument. */
function isCodePosition(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isTypeNode(p))
      return true;
    if (ts.isPropertyAssignment(p) && p.name === n) return true;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === n) return true;
    if (ts.isCaseClause(p) && p.expression === n) return true;
    if (
      ts.isBinaryExpression(p) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
      ].includes(p.operatorToken.kind)
    )
      return true;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== n) return CODE_CALLS.test(calleeName(p));
    if (ts.isJsxAttribute(p)) return CODE_ATTRIBUTES.test(p.name.getText());
    if (ts.isJsxElement(p) || ts.isJsxSelfClosingElement(p) || ts.isJsxFragment(p)) return false;
    if (ts.isBlock(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/**
 * Whether a literal is what JSX shows: it reaches a JSX expression only through choices and
 * joins (`{busy ? 'Saving…' : 'Save'}`, `{a ?? 'none'}`, a template), not as an argument or
 * an object's field (`{link({ name: 'overview' })}` is code).
 */
function shownInJsx(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isJsxExpression(p)) return true;
    if (ts.isConditionalExpression(p) && p.condition !== n) continue;
    if (ts.isBinaryExpression(p) || ts.isParenthesizedExpression(p)) continue;
    if (ts.isTemplateSpan(p) || ts.isTemplateExpression(p)) continue;
    return false;
  }
  return false;
}

function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' {} ');
  return node.text;
}

/** Literal user-facing strings in one file. */
function findLiterals(file: string, text = read(file)): Finding[] {
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: Finding[] = [];
  const add = (node: ts.Node, text: string) =>
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text: text.trim().replace(/\s+/g, ' '),
    });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (isWords(node.text)) add(node, node.text);
    } else if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const init = node.initializer;
      if (ts.isStringLiteral(init)) {
        if (isWords(init.text)) add(node, `${node.name.getText()}="${init.text}"`);
        return;
      }
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const text = literalText(node);
      // Shown as it stands in JSX (a child or a spoken attribute): any words. Elsewhere: sentences.
      const suspicious = shownInJsx(node) ? isWords(text) : SENTENCE.test(text);
      if (suspicious && !isCodePosition(node)) add(node, text);
      if (ts.isTemplateExpression(node)) {
        ts.forEachChild(node, visit);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every key path of a catalog, plural forms folded into their base ("a.b_one" → "a.b"). */
function keysOf(catalog: Record<string, unknown>, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(catalog)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') {
      for (const [kk, forms] of keysOf(v as Record<string, unknown>, key)) out.set(kk, forms);
    } else {
      const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
      const base = m ? m[1]! : key;
      out.set(base, [...(out.get(base) ?? []), m ? m[2]! : '']);
    }
  }
  return out;
}

function valueOf(catalog: Record<string, unknown>, key: string): unknown {
  let at: unknown = catalog;
  for (const part of key.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Keys the code names: `t('a.b')`, `translator(x)('a.b')`, `` t(`a.${x}`) `` (a prefix), `say('key')` (alert.key). */
function usedKeys(files: string[], text?: string): { exact: Finding[]; prefixes: Finding[] } {
  const exact: Finding[] = [];
  const prefixes: Finding[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, text ?? read(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.arguments.length > 0) {
        const e = node.expression;
        const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '';
        const isT = name === 't' || name === 'tr' || (ts.isCallExpression(e) && calleeName(e) === 'translator');
        const arg = node.arguments[0]!;
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (isT && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)))
          exact.push({ file, line, text: arg.text });
        else if (isT && ts.isTemplateExpression(arg)) prefixes.push({ file, line, text: arg.head.text });
        else if (name === 'say' && file.endsWith('alerts/rules.ts') && ts.isStringLiteral(arg))
          exact.push({ file, line, text: `alert.${arg.text}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { exact, prefixes };
}

describe('message catalogs', () => {
  const keys = Object.fromEntries(LANGUAGES.map((lang) => [lang, keysOf(CATALOGS[lang])])) as Record<
    (typeof LANGUAGES)[number],
    Map<string, string[]>
  >;

  it('have the same keys in every language', () => {
    const missing: string[] = [];
    for (const lang of LANGUAGES)
      for (const other of LANGUAGES)
        for (const key of keys[lang].keys()) if (!keys[other].has(key)) missing.push(`${other} lacks ${key}`);
    expect(missing).toEqual([]);
  });

  it('give English plurals both forms, and every language its "other"', () => {
    const bad: string[] = [];
    for (const lang of LANGUAGES)
      for (const [key, forms] of keys[lang]) {
        const plural = LANGUAGES.some((l) => keys[l].get(key)?.some((f) => f !== ''));
        if (!plural) continue;
        if (!forms.includes('other')) bad.push(`${lang} ${key} has no _other`);
        if (lang === 'en' && !forms.includes('one')) bad.push(`en ${key} has no _one`);
      }
    expect(bad).toEqual([]);
  });

  it('keep every placeholder in every translation', () => {
    const vars = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const bad: string[] = [];
    for (const [key, forms] of keys.en)
      for (const form of forms) {
        const full = form ? `${key}_${form}` : key;
        const en = vars(valueOf(CATALOGS.en, full)).filter((v) => v !== 'count');
        for (const lang of LANGUAGES) {
          const zhForm = valueOf(CATALOGS[lang], full) ?? valueOf(CATALOGS[lang], `${key}_other`);
          const got = vars(zhForm).filter((v) => v !== 'count');
          if (JSON.stringify(got) !== JSON.stringify(en)) bad.push(`${lang} ${full}: {{${got}}} vs English {{${en}}}`);
        }
      }
    expect(bad).toEqual([]);
  });

  it('hold every key the code uses, and every alert phrase', () => {
    const { exact, prefixes } = usedKeys([
      ...RENDERER,
      ...DESKTOP,
      ...filesUnder('src/shared', /\.ts$/),
      'src/core/alerts/rules.ts',
    ]);
    expect(exact.length).toBeGreaterThan(300);
    const bad: string[] = [];
    for (const lang of LANGUAGES) {
      for (const u of exact) if (!keys[lang].has(u.text)) bad.push(`${lang} lacks ${u.text} (${u.file}:${u.line})`);
      for (const u of prefixes) {
        const branch = valueOf(CATALOGS[lang], u.text.replace(/\.$/, ''));
        const asPrefix = [...keys[lang].keys()].some((k) => k.startsWith(u.text));
        if (!branch && !asPrefix) bad.push(`${lang} has nothing under ${u.text} (${u.file}:${u.line})`);
      }
      for (const phrase of [...ALERT_PHRASES, ...HEALTH_PHRASES])
        if (!keys[lang].has(`alert.${phrase}`)) bad.push(`${lang} lacks alert.${phrase}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('user-facing strings', () => {
  it('in the window come from the catalogs', () => {
    const found = RENDERER.flatMap((f) => findLiterals(f)).map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)}`);
    expect(found).toEqual([]);
  });

  it('in the tray and notifications come from the catalogs', () => {
    const found = DESKTOP.flatMap((f) => findLiterals(f)).map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)}`);
    expect(found).toEqual([]);
  });

  it('the check itself finds a literal text node, a spoken attribute, and a sentence in code', () => {
    const file = 'src/renderer/src/views/Leak.tsx';
    const text = [
      "import { t } from '../../../src/renderer/src/lib/i18n.ts';",
      'export function Leak({ busy }: { busy: boolean }) {',
      "  const note = busy ? 'Import cancelled.' : t('common.saved');",
      '  return (',
      '    <p title="Share of the day gone" className="x y">',
      "      Nothing here · {note} — {t('common.loading')} {busy ? 'Working' : '—'}",
      '    </p>',
      '  );',
      '}',
      '',
    ].join('\n');
    expect(findLiterals(file, text).map((f) => [f.line, f.text])).toEqual([
      [3, 'Import cancelled.'],
      [5, 'title="Share of the day gone"'],
      [6, 'Nothing here ·'],
      [6, 'Working'],
    ]);
    expect(usedKeys([file], text).exact.map((u) => u.text)).toEqual(['common.saved', 'common.loading']);
  });
});
