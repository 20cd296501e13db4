// The in-page probes of the 100,000-span metrics (bench/lib/big-probes.mjs), run in Chromium on
// small synthetic pages, so a probe that would wait for the wrong thing fails here rather than
// in a benchmark run. Needs Chromium (scripts/setup.sh test); skipped without it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launchBrowser } from '../../e2e/harness.mjs';
import { watchRunInPage } from '../lib/app-sim.mjs';
import { openGroups } from '../lib/app-page.mjs';
import { openViewInPage, scrollTimelineInPage, openTraceInPage, GANTT_ROWS, VERDICT } from '../lib/big-probes.mjs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(chromium) ? false : `no Chromium at ${chromium}`;
let browser;
before(async () => {
  if (!skip) browser = await launchBrowser();
});
after(async () => browser?.close());

async function pageWith(html) {
  const page = await browser.newPage();
  await page.setContent(html);
  return page;
}

test('a view has landed only when its panel has content and is no longer aria-busy', { skip }, async () => {
  const page = await pageWith(`
    <button role="tab" id="t1" aria-selected="false" aria-controls="p1">Flame graph</button>
    <div role="tabpanel" id="p1" hidden></div>
    <script>
      document.getElementById('t1').addEventListener('click', () => {
        const tab = document.getElementById('t1');
        const panel = document.getElementById('p1');
        tab.setAttribute('aria-selected', 'true');
        panel.hidden = false;
        panel.setAttribute('aria-busy', 'true');
        panel.textContent = 'Computing…';
        setTimeout(() => { panel.removeAttribute('aria-busy'); panel.innerHTML = '<svg width="10" height="10"></svg><p>done</p>'; }, 300);
      });
    </script>`);
  const tab = await page.$('#t1');
  const r = await page.evaluate(openViewInPage, { tab, timeout: 5_000 });
  assert.equal(r.panel, 'tab panel');
  assert.ok(r.landedMs >= 290, `waited for aria-busy to clear (${r.landedMs} ms)`);
  assert.ok(r.paintedMs > r.landedMs, 'painted is one frame later');
  await page.close();
});

test('a view that never lands times out instead of hanging', { skip }, async () => {
  const page = await pageWith('<button role="tab" id="t" aria-selected="false" aria-controls="p">Statistics</button><div role="tabpanel" id="p" hidden></div>');
  const r = await page.evaluate(openViewInPage, { tab: await page.$('#t'), timeout: 300 });
  assert.equal(r.timedOut, true);
  await page.close();
});

test('scrolling finds the scrolling treegrid, moves it and records frame deltas', { skip }, async () => {
  const page = await pageWith(`
    <div role="treegrid" id="g" style="overflow:auto; height:200px"><div id="c" style="height:100000px; position:relative"></div></div>
    <script>
      const g = document.getElementById('g');
      const c = document.getElementById('c');
      const draw = () => {
        const first = Math.floor(g.scrollTop / 20);
        c.innerHTML = Array.from({ length: 12 }, (_, i) =>
          '<div role="row" aria-rowindex="' + (first + i + 1) + '" style="position:absolute; top:' + (first + i) * 20 + 'px">row</div>').join('');
      };
      g.addEventListener('scroll', draw);
      draw();
    </script>`);
  const r = await page.evaluate(scrollTimelineInPage, { durationMs: 500, pxPerSecond: 2_400 });
  assert.equal(r.scroller, 'treegrid');
  assert.ok(r.scrolledPx > 500, `scrolled ${r.scrolledPx} px`);
  assert.notEqual(r.firstRowBefore, r.firstRowAfter, 'rows were re-rendered');
  assert.ok(r.deltas.length >= 10 && r.deltas.every((d) => d > 0));
  assert.equal(await page.evaluate(() => document.getElementById('g').scrollTop), 0, 'scrolled back');
  await page.close();
});

test('opening a trace ends when its rows are painted, and notes the verdict', { skip }, async () => {
  const page = await pageWith(`
    <button id="e">GET / 100000 spans</button><main id="m"></main>
    <script>
      document.getElementById('e').addEventListener('click', () => setTimeout(() => {
        document.getElementById('m').innerHTML =
          '<section aria-label="Bottleneck verdict">db</section><div role="treegrid" aria-rowcount="100000"><div role="row">x</div></div>';
      }, 100));
    </script>`);
  const r = await page.evaluate(openTraceInPage, { entry: await page.$('#e'), rows: GANTT_ROWS, verdict: VERDICT, timeout: 5_000 });
  assert.ok(r.rowsMs >= 90 && r.paintedMs > r.rowsMs, JSON.stringify(r));
  assert.equal(r.verdictMs, r.rowsMs);
  assert.equal(r.rowCount, 100_000);
  await page.close();
});

test('a load run counts as shown only when count, requests, list and plot all show it', { skip }, async () => {
  const page = await pageWith(`
    <button id="run">Run load</button><p id="count">No traces yet.</p><div id="results"></div>
    <script>
      const count = document.getElementById('count');
      const results = document.getElementById('results');
      document.getElementById('run').addEventListener('click', () => {
        // Mid-run: the store grew, the list still shows the old search (as the app does).
        setTimeout(() => { count.textContent = '0 of 1,500 traces match; showing 0. Requests: 6,000 sampled, 0 dropped.'; }, 50);
        setTimeout(() => { count.textContent = '2,000 of 2,000 traces match; showing 20. Requests: 10,000 sampled, 0 dropped.'; }, 150);
        setTimeout(() => {
          results.innerHTML = '<figure><svg><circle r="5"></circle></svg></figure><ol aria-label="Search results"><li>x</li></ol>';
        }, 250);
      });
    </script>`);
  const r = await page.evaluate(watchRunInPage, { button: await page.$('#run'), requests: 10_000, hook: 'run-load', timeout: 5_000 });
  assert.ok(r.shownMs >= 240, `waited for the list and the plot (${r.shownMs} ms)`);
  assert.ok(r.paintedMs > r.shownMs);
  assert.deepEqual(r.seen, { matched: 2000, total: 2000, handled: 10000, list_items: 1, plot_dots: 1, plot: true });
  assert.equal(r.storedMs, null, 'no app measure on this page');
  const never = await pageWith('<button id="b">Run load</button><p>0 of 10 traces match</p>');
  const timedOut = await never.evaluate(watchRunInPage, { button: await never.$('#b'), requests: 10, hook: 'run-load', timeout: 200 });
  assert.equal(timedOut.timedOut, true);
  await page.close();
  await never.close();
});

test('the run watcher takes a plot drawn as one image named "Scatter plot" (no circles)', { skip }, async () => {
  const page = await pageWith(`
    <button id="run">Run load</button><p id="count">No traces yet.</p><div id="results"></div>
    <script>
      document.getElementById('run').addEventListener('click', () => setTimeout(() => {
        document.getElementById('count').textContent = '5 of 5 traces match; showing 5. Requests: 5 sampled, 0 dropped.';
        document.getElementById('results').innerHTML =
          '<ol aria-label="Search results"><li>x</li></ol>';
        // The plot lands a frame later than the list: the watcher must wait for it.
        setTimeout(() => {
          document.getElementById('results').insertAdjacentHTML('afterbegin',
            '<figure><svg role="img" aria-label="Scatter plot of duration over time: 5 traces"><path d="M1 1h0"/></svg></figure>');
        }, 120);
      }, 30));
    </script>`);
  const r = await page.evaluate(watchRunInPage, { button: await page.$('#run'), requests: 5, hook: 'run-load', timeout: 5_000 });
  assert.ok(r.shownMs >= 140, `waited for the plot (${r.shownMs} ms)`);
  assert.equal(r.seen.plot_dots, 0);
  assert.equal(r.seen.plot, true);
  await page.close();
});

test('openGroups opens closed disclosure groups by name and leaves open or missing ones alone', { skip }, async () => {
  const page = await pageWith(`
    <button aria-expanded="false" id="lab">Lab settings</button><div id="lab-body" hidden><input type="number" aria-label="Requests"></div>
    <button aria-expanded="true" id="load">Load</button>
    <script>
      let clicks = 0;
      for (const id of ['lab', 'load']) document.getElementById(id).addEventListener('click', (e) => {
        clicks++;
        const open = e.target.getAttribute('aria-expanded') !== 'true';
        e.target.setAttribute('aria-expanded', String(open));
        if (id === 'lab') document.getElementById('lab-body').hidden = !open;
      });
      window.clicks = () => clicks;
    </script>`);
  await openGroups(page, ['Lab settings', 'Load', 'Export']);
  assert.equal(await page.getByRole('spinbutton', { name: 'Requests' }).count(), 1, 'the hidden field is reachable now');
  assert.equal(await page.evaluate(() => window.clicks()), 1, 'the open group was not clicked shut');
  assert.equal(await page.locator('#load').getAttribute('aria-expanded'), 'true');
  await page.close();
});
