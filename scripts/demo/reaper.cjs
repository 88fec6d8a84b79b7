// Stops what `npm run demo` started when the demo itself dies without stopping them (a crash, an
// out-of-memory kill, SIGKILL). The demo starts this process detached, with an IPC channel, and sends
// it each process (and process group) and temporary folder it starts; on a clean stop it sends
// {done: true}. When the channel closes without that, the demo is gone: stop everything, then exit.
'use strict';
const fs = require('node:fs');

const pids = new Set();
const groups = new Set();
const folders = new Set();
let done = false;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalAll(signal) {
  for (const g of groups) {
    try {
      process.kill(-g, signal);
    } catch {
      /* gone */
    }
  }
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
}

function reap() {
  signalAll('SIGTERM');
  const deadline = Date.now() + 5000;
  const timer = setInterval(() => {
    const left = [...pids, ...groups].filter(alive);
    if (left.length === 0 || Date.now() > deadline) {
      clearInterval(timer);
      if (left.length > 0) signalAll('SIGKILL');
      for (const f of folders) {
        try {
          fs.rmSync(f, { recursive: true, force: true });
        } catch {
          /* best effort */
        }
      }
      process.exit(0);
    }
  }, 100);
}

process.on('message', (m) => {
  if (!m || typeof m !== 'object') return;
  if (m.done) {
    done = true;
    return;
  }
  if (Number.isInteger(m.pid) && m.pid > 0) (m.group ? groups : pids).add(m.pid);
  if (typeof m.folder === 'string' && m.folder.length > 1) folders.add(m.folder);
});
process.on('disconnect', () => {
  if (done) process.exit(0);
  else reap();
});
// Ctrl-C in the demo's terminal reaches this process too; the demo stops its own children then.
process.on('SIGINT', () => undefined);
