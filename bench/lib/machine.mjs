// Describes the machine a benchmark ran on, for results.json and the BENCHMARKS.md table.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function osName() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release);
    if (pretty) return `${pretty[1]} (kernel ${os.release()})`;
  } catch {
    // No /etc/os-release (not Linux): fall back to the kernel's own name below.
  }
  return `${os.type()} ${os.release()}`;
}

function git(args, cwd) {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Machine facts; `browserVersion` comes from the launched Chromium (`browser.version()`). */
export function describeMachine({ browserVersion, root }) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown',
    cores: cpus.length,
    ram_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    chromium: browserVersion ?? 'not launched',
    node: process.version,
    date: new Date().toISOString(),
    // Other work on the machine skews every figure; the 1-minute load average says how busy it was.
    load_avg_1m_at_start: Math.round(os.loadavg()[0] * 100) / 100,
    git_commit: git(['rev-parse', '--short', 'HEAD'], root),
    git_dirty: (git(['status', '--porcelain', '--untracked-files=no'], root) ?? '') !== '',
  };
}

/**
 * Samples the 1-minute load average every `everyMs` until `stop()`, which returns the min,
 * median and max seen (the table says how busy the machine was while it measured).
 */
export function sampleLoad(everyMs) {
  const samples = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), everyMs);
  timer.unref();
  let result = null;
  return {
    stop() {
      if (result) return result;
      clearInterval(timer);
      const sorted = [...samples].sort((a, b) => a - b);
      const r2 = (x) => Math.round(x * 100) / 100;
      result = { min: r2(sorted[0]), median: r2(sorted[Math.floor(sorted.length / 2)]), max: r2(sorted.at(-1)), samples: samples.length, every_s: everyMs / 1000 };
      return result;
    },
  };
}
