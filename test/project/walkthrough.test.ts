/**
 * The Getting Started walkthrough (contributes.walkthroughs): one walkthrough of 3–5 steps, each
 * with localized texts, markdown media that exists and ships in the .vsix, and completion events
 * that name real commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = process.env['GRADLAB_ROOT'] ?? path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const pkg = JSON.parse(read('package.json'));
const nlsEn: Record<string, string> = JSON.parse(read('package.nls.json'));
const nlsZh: Record<string, string> = JSON.parse(read('package.nls.zh-cn.json'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: unknown; altText?: string };
  completionEvents?: string[];
}
const walkthroughs: Array<{ id: string; title: string; description: string; steps: Step[] }> =
  pkg.contributes.walkthroughs ?? [];
const commands = new Set<string>(
  pkg.contributes.commands.map((c: { command: string }) => c.command),
);

/** Files the .vsix ships: a path matched by the last matching .vscodeignore line, if it is a `!` line. */
function shipped(file: string): boolean {
  let included = true;
  for (const raw of read('.vscodeignore').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const glob = negated ? line.slice(1) : line;
    const re = new RegExp(
      '^' +
        glob
          .split('**')
          .map((part) =>
            part
              .split('*')
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
              .join('[^/]*'),
          )
          .join('.*') +
        '$',
    );
    if (re.test(file)) included = negated;
  }
  return included;
}

/** The %key% of a manifest string, or undefined when it is not localized. */
const nlsKey = (s: string) => /^%([^%]+)%$/.exec(s)?.[1];

test('one walkthrough of 3–5 steps: differentiate, hover, gradient check, train, settings', () => {
  assert.equal(walkthroughs.length, 1);
  const steps = walkthroughs[0]!.steps;
  assert.ok(steps.length >= 3 && steps.length <= 5, `${steps.length} steps`);
  assert.deepEqual(
    steps.map((s) => s.id),
    ['differentiate', 'hover', 'gradcheck', 'train', 'settings'],
  );
});

test('every title and description is a %key% with an English and a Chinese text', () => {
  const w = walkthroughs[0]!;
  const texts = [w.title, w.description, ...w.steps.flatMap((s) => [s.title, s.description])];
  for (const t of texts) {
    const key = nlsKey(t);
    assert.ok(key, `"${t}" is localized (%key%)`);
    assert.ok(nlsEn[key]?.trim(), `package.nls.json has ${key}`);
    assert.ok(nlsZh[key]?.trim(), `package.nls.zh-cn.json has ${key}`);
    assert.match(nlsZh[key]!, /[\u4e00-\u9fff]/, `${key} is translated into Chinese`);
    // A step's text renders **bold** and [links](…), but shows `code` with its backticks.
    for (const nls of [nlsEn, nlsZh])
      assert.ok(!nls[key]!.includes('`'), `${key} has no backticks`);
  }
});

test('every step has markdown media that exists and ships, with images that exist and ship', () => {
  for (const step of walkthroughs[0]!.steps) {
    const md = step.media.markdown;
    assert.ok(md, `step ${step.id} has markdown media`);
    assert.ok(fs.existsSync(path.join(root, md)), `${md} exists`);
    assert.ok(shipped(md), `${md} is in the .vsix (.vscodeignore)`);
    const text = read(md);
    assert.match(text, /^# \S/, `${md} starts with a heading`);
    for (const m of text.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)) {
      const [, alt, src] = m;
      assert.ok(alt!.trim().length > 10, `${md}: image ${src} has alt text`);
      const file = path.posix.join(path.posix.dirname(md), src!);
      assert.ok(fs.existsSync(path.join(root, file)), `${md}: ${file} exists`);
      assert.ok(shipped(file), `${md}: ${file} is in the .vsix (.vscodeignore)`);
    }
  }
});

test('the .vscodeignore matcher of this test agrees with the packaging rules it reads', () => {
  // Guards the helper above: the extension ships, sources and source maps do not.
  assert.equal(shipped('dist/extension.js'), true);
  assert.equal(shipped('dist/lazy/symbolic.js'), true);
  assert.equal(shipped('dist/extension.js.map'), false);
  assert.equal(shipped('src/extension/extension.ts'), false);
  assert.equal(shipped('media/vendor/katex/fonts/KaTeX_Main-Regular.woff2'), true);
});

test('every step completes on an event, and every GradLab command it names exists', () => {
  for (const step of walkthroughs[0]!.steps) {
    const events = step.completionEvents ?? [];
    assert.ok(events.length > 0, `step ${step.id} has a completion event`);
    for (const e of events) {
      assert.match(
        e,
        /^(onCommand|onSettingChanged|onView|onContext|onLink|extensionInstalled):\S+$|^stepSelected$/,
      );
      const id = /^onCommand:(gradlab\.\S+)$/.exec(e)?.[1];
      if (id) assert.ok(commands.has(id), `${e}: ${id} is a contributed command`);
    }
  }
  // Command links in the descriptions (buttons) name real commands too, in both languages.
  for (const nls of [nlsEn, nlsZh]) {
    for (const step of walkthroughs[0]!.steps) {
      const text = nls[nlsKey(step.description)!]!;
      for (const m of text.matchAll(/\(command:(gradlab\.[A-Za-z]+)/g)) {
        assert.ok(commands.has(m[1]!), `${step.id}: link to ${m[1]} names a contributed command`);
      }
    }
  }
});
