/**
 * Brings the Node this project needs (>= 22.18: Astro 7 and TypeScript type stripping)
 * when the machine's Node is older, so that the README's `npm install && npm start` and
 * `npm test` work as written on a machine with, say, Debian's or an old nvm's Node 20.
 *
 * `npm install` runs it as the root package's postinstall. On Node >= 22.18 it does
 * nothing (no second download). On an older Node it installs the npm package `node`
 * (a well-kept wrapper that fetches the platform's official binary from the npm
 * registry) into node_modules/.node-runtime and links it as node_modules/.bin/node:
 * every npm script runs with node_modules/.bin first on PATH, so `node`, `astro`,
 * `tsc` and `vitest` (whose `#!/usr/bin/env node` finds it) all run on that Node.
 * `--check` (the pretest/prestart/… scripts) only says, in one line, what to do when
 * the Node that runs the scripts is too old.
 *
 * Plain CommonJS written for old Nodes: on Node < 18 it must still print its one line
 * instead of a stack trace.
 */
'use strict';
var childProcess = require('child_process');
var fs = require('fs');
var path = require('path');

/** Pinned, so that every machine runs the Node the tests ran on (.nvmrc names its major). */
var RUNTIME_VERSION = '24.21.0';
var NEEDED = [22, 18];
var OLDEST_SUPPORTED = 18;

function parse(version) {
  var parts = String(version).replace(/^v/, '').split('.');
  return [Number(parts[0]) || 0, Number(parts[1]) || 0];
}

/** What a Node of `version` on `platform` needs: 'ok', 'install' or 'too-old'. */
function plan(version, platform) {
  var v = parse(version);
  if (v[0] > NEEDED[0] || (v[0] === NEEDED[0] && v[1] >= NEEDED[1])) return 'ok';
  // The npm `node` package links a POSIX binary; npm on Windows needs a .cmd shim instead.
  if (v[0] < OLDEST_SUPPORTED || platform === 'win32') return 'too-old';
  return 'install';
}

function say(line) {
  process.stderr.write('danh-ba: ' + line + '\n');
}

var INSTALL_HINT = 'install Node.js 22.18 or newer (https://nodejs.org/), then run npm install again.';

function projectRoot() {
  return path.resolve(__dirname, '..', '..');
}

function paths(root) {
  var runtime = path.join(root, 'node_modules', '.node-runtime');
  return {
    runtime: runtime,
    binary: path.join(runtime, 'node_modules', 'node', 'bin', 'node'),
    link: path.join(root, 'node_modules', '.bin', 'node'),
  };
}

/** The version a Node binary reports, or '' when it does not run. */
function versionOf(binary) {
  var result = childProcess.spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? String(result.stdout).trim() : '';
}

/** Runs npm with the same npm that runs this install, when there is one. */
function npm(args, cwd) {
  var npmCli = process.env.npm_execpath;
  var command = npmCli && /\.c?js$/.test(npmCli) ? process.execPath : 'npm';
  var argv = command === 'npm' ? args : [npmCli].concat(args);
  return childProcess.spawnSync(command, argv, { cwd: cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
}

function link(target, at) {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  try {
    fs.unlinkSync(at);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  fs.symlinkSync(path.relative(path.dirname(at), target), at);
}

/** Removes a link this script made earlier, once the machine's own Node is new enough. */
function unlinkOurs(p) {
  try {
    if (fs.lstatSync(p.link).isSymbolicLink() && fs.readlinkSync(p.link).indexOf('.node-runtime') !== -1) fs.unlinkSync(p.link);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}

function install(root) {
  var p = paths(root);
  if (versionOf(p.binary) !== 'v' + RUNTIME_VERSION) {
    process.stderr.write(
      'danh-ba: Node ' +
        machineVersion() +
        ' is older than 22.18; installing Node ' +
        RUNTIME_VERSION +
        ' for this project into node_modules/.node-runtime (once).\n',
    );
    fs.mkdirSync(p.runtime, { recursive: true });
    // A package.json of its own: the nested install must not touch the project's lock file,
    // and its allowScripts lets the `node` package run the install script that fetches the binary.
    var manifest = { name: 'node-runtime', private: true, dependencies: { node: RUNTIME_VERSION }, allowScripts: { node: true } };
    fs.writeFileSync(path.join(p.runtime, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    var result = npm(['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], p.runtime);
    var got = versionOf(p.binary);
    if (result.status !== 0 || got !== 'v' + RUNTIME_VERSION) {
      var reason =
        String(result.stderr || '')
          .trim()
          .split('\n')
          .pop() || 'the Node binary did not run';
      say('could not install Node ' + RUNTIME_VERSION + ' from the npm registry (' + reason + '); ' + INSTALL_HINT);
      return 1;
    }
  }
  link(p.binary, p.link);
  return 0;
}

/**
 * The machine's own Node: the one that runs npm. This script itself may run on the Node
 * it linked earlier (node_modules/.bin comes first on PATH), which says nothing of the machine.
 */
function machineVersion() {
  var npmNode = process.env.npm_node_execpath;
  return (npmNode && versionOf(npmNode)) || process.version;
}

function main(argv) {
  var check = argv.indexOf('--check') !== -1;
  // --check asks about the Node that runs the scripts, the postinstall about the machine's.
  var what = plan(check ? process.version : machineVersion(), process.platform);
  if (what === 'ok') {
    if (!check) unlinkOurs(paths(projectRoot()));
    return 0;
  }
  if (what === 'too-old') {
    say('Node.js ' + (check ? process.version : machineVersion()) + ' cannot run this project; ' + INSTALL_HINT);
    return 1;
  }
  if (check) {
    say(
      'this command needs Node.js 22.18 or newer and found ' +
        process.version +
        '; run npm install first (it brings Node ' +
        RUNTIME_VERSION +
        ' into node_modules), or ' +
        INSTALL_HINT,
    );
    return 1;
  }
  return install(projectRoot());
}

module.exports = { plan: plan, RUNTIME_VERSION: RUNTIME_VERSION };

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    say('could not set up Node for this project (' + (error && error.message) + '); ' + INSTALL_HINT);
    process.exitCode = 1;
  }
}
