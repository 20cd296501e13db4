// Contrast of the page's text/background colour pairs in both themes (issue 13, WCAG 2.2
// success criterion 1.4.3: at least 4.5:1 for text, https://www.w3.org/TR/WCAG22/#contrast-minimum).
// Reads the variables from static/*.css (`--name: light-dark(light, dark)` or one colour for
// both), prints every pair with its two ratios, and fails on any pair under 4.5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ROOT } from './harness.mjs';

/** Text colour on background colour, as the CSS uses them. */
const PAIRS = [
  ['ink', 'bg'], ['ink', 'panel'], ['muted', 'panel'], ['muted', 'bg'], ['ink', 'soft'], ['muted', 'soft'],
  ['ink', 'input-bg'], ['accent', 'panel'], ['accent', 'bg'], ['error', 'panel'], ['error', 'error-soft'],
  ['ink', 'error-soft'], ['on-accent', 'accent'], ['on-accent', 'accent-strong'], ['on-error', 'error'],
  ['warn-ink', 'warn-bg'], ['warn-ink', 'panel'], ['ink', 'warn-bg'], ['header-ink', 'header-bg'],
  ['header-muted', 'header-bg'], ['tooltip-ink', 'tooltip-bg'], ['ink', 'accent-soft'], ['ink', 'match-bg'],
  ['ink', 'verdict-bg'], ['muted', 'verdict-bg'], ['accent', 'verdict-bg'], ['accent', 'error-soft'],
  ['slo', 'panel'], ['ink', 'highlight-bg'], ['only-a-ink', 'only-a-bg'], ['only-b-ink', 'only-b-bg'],
  ['ink', 'only-a-bg'], ['ink', 'only-b-bg'], ['only-a-ink', 'panel'], ['only-b-ink', 'panel'],
  ['worse', 'panel'], ['better', 'panel'], ['error', 'soft'], ['muted', 'accent-soft'],
  // The Lab guide (issue 14): seen parts, right answers, the done tick.
  ['ok-ink', 'panel'], ['ink', 'ok-bg'], ['panel', 'ok-ink'],
];

function variables() {
  const css = ['style.css', 'views.css'].map((f) => readFileSync(`${ROOT}static/${f}`, 'utf8')).join('\n');
  const vars = new Map();
  for (const [, name, value] of css.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)) {
    const pair = value.match(/^light-dark\(\s*(#[0-9a-f]{6})\s*,\s*(#[0-9a-f]{6})\s*\)$/i);
    const one = value.match(/^(#[0-9a-f]{6})$/i);
    if (pair) vars.set(name, [pair[1], pair[2]]);
    else if (one) vars.set(name, [one[1], one[1]]);
  }
  return vars;
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

test('the ratio formula matches WCAG reference values', () => {
  assert.equal(ratio('#000000', '#ffffff').toFixed(1), '21.0');
  assert.equal(ratio('#777777', '#ffffff').toFixed(2), '4.48', 'the classic just-too-light grey');
  assert.equal(ratio('#2563eb', '#2563eb'), 1);
});

test('every text/background pair is at least 4.5:1 in both themes', () => {
  const vars = variables();
  const rows = [];
  const failures = [];
  for (const [text, back] of PAIRS) {
    assert.ok(vars.has(text) && vars.has(back), `--${text} and --${back} are defined as colours`);
    const light = ratio(vars.get(text)[0], vars.get(back)[0]);
    const dark = ratio(vars.get(text)[1], vars.get(back)[1]);
    rows.push(`${`--${text} on --${back}`.padEnd(34)} light ${light.toFixed(2).padStart(5)}   dark ${dark.toFixed(2).padStart(5)}`);
    if (light < 4.5) failures.push(`${text}/${back} light ${light.toFixed(2)}`);
    if (dark < 4.5) failures.push(`${text}/${back} dark ${dark.toFixed(2)}`);
  }
  console.log(rows.join("\n"));
  assert.deepEqual(failures, []);
});
