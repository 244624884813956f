#!/usr/bin/env node
// `node tools/lint_processes.mjs FILE.bpmn...`: what a designer would be told on opening the files.
//
// - bpmn-js: bpmn-moddle's import warnings (unresolved references, unknown elements) and those of
//   bpmn-js's own import walk (duplicate or dangling diagram elements), from bpmn-js's Importer;
// - Camunda Modeler: the same reading with its `camunda:` extension loaded (camunda-bpmn-moddle);
// - bpmnlint: the rules of the repository's .bpmnlintrc (bpmnlint:recommended).
//
// One line per finding, `file: element id: rule: message`; exit status 0 when there is none,
// 1 when there are findings, 2 when the check itself cannot run.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));

/** The npm packages (package-lock.json) and the rules (.bpmnlintrc); an Error saying what is missing. */
async function load() {
  const tools = {};
  try {
    tools.BpmnModdle = (await import(require.resolve('bpmn-moddle'))).BpmnModdle;
    tools.Linter = require('bpmnlint').Linter;
    tools.NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
    tools.camunda = require('camunda-bpmn-moddle/resources/camunda.json');
    tools.importBpmnDiagram = await loadBpmnJsImporter();
  } catch (err) {
    throw new Error(`the npm packages are missing (run \`npm ci\`, or \`make setup\`): ${ oneLine(err.message) }`);
  }
  try {
    tools.config = JSON.parse(readFileSync(join(ROOT, '.bpmnlintrc'), 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the bpmnlint configuration: ${ oneLine(err.message) }`);
  }
  return tools;
}

/** bpmn-js's Importer, bundled for Node: its walk needs no canvas when the shapes go nowhere. */
async function loadBpmnJsImporter() {
  const { build } = require('esbuild');
  const bundle = await build({
    entryPoints: [ require.resolve('bpmn-js/lib/import/Importer.js') ],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent'
  });
  const source = Buffer.from(bundle.outputFiles[0].text).toString('base64');
  return (await import(`data:text/javascript;base64,${ source }`)).importBpmnDiagram;
}

/** A diagram with bpmn-js's services stubbed: the importer walks and reports, nothing is drawn. */
const HEADLESS = {
  get(name) {
    return {
      bpmnImporter: { add: () => ({}) },
      eventBus: { fire() {} },
      canvas: { findRoot: () => ({}), setRootElement() {} }
    }[name];
  }
};

/** The id of the element a moddle warning is about, or of its nearest ancestor with one. */
function idOf(element) {
  for (let e = element; e; e = e.$parent) {
    if (e.id) {
      return e.id;
    }
  }
  return '-';
}

function oneLine(text) {
  return String(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** Import warnings of `xml` read with the given moddle extensions, as [id, message] pairs. */
async function importWarnings(tools, xml, extensions) {
  try {
    const { rootElement, warnings } = await new tools.BpmnModdle(extensions).fromXML(xml);
    return { definitions: rootElement, warnings: warnings.map(w => [ idOf(w.element), oneLine(w.message) ]) };
  } catch (err) {
    return { definitions: null, warnings: [ [ '-', `cannot be read: ${ oneLine(err.message) }` ] ] };
  }
}

async function walkWarnings(tools, definitions) {
  try {
    const { warnings } = await tools.importBpmnDiagram(HEADLESS, definitions);
    return warnings.map(w => [ idOf(w.context?.element), oneLine(w.message) ]);
  } catch (err) {
    return [ [ '-', `cannot be displayed: ${ oneLine(err.message) }` ] ];
  }
}

async function lintFindings(tools, definitions) {

  // a Linter per file: some rules (no-duplicate-sequence-flows) remember what they saw
  const linter = new tools.Linter({ config: tools.config, resolver: new tools.NodeResolver({ require }) });
  const reports = await linter.lint(definitions);
  return Object.entries(reports).flatMap(([ rule, found ]) =>
    found.map(r => [ r.id || '-', `${ rule } (${ r.category })`, oneLine(r.message) ])
  );
}

/** Every finding for one file, as [id, rule, message] triples. */
async function check(tools, path) {
  const xml = readFileSync(path, 'utf8');
  const plain = await importWarnings(tools, xml, {});
  const findings = plain.warnings.map(([ id, message ]) => [ id, 'bpmn-js import', message ]);
  if (!plain.definitions) {
    return findings;
  }
  const seen = new Set(plain.warnings.map(w => w.join('\n')));
  const inCamunda = await importWarnings(tools, xml, { camunda: tools.camunda });
  for (const warning of inCamunda.warnings.filter(w => !seen.has(w.join('\n')))) {
    findings.push([ warning[0], 'Camunda Modeler import', warning[1] ]);
  }
  for (const [ id, message ] of await walkWarnings(tools, plain.definitions)) {
    findings.push([ id, 'bpmn-js import', message ]);
  }
  return findings.concat(await lintFindings(tools, plain.definitions));
}

async function main(files) {
  if (!files.length) {
    console.error('usage: node tools/lint_processes.mjs FILE.bpmn...');
    return 2;
  }
  let tools;
  try {
    tools = await load();
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  let count = 0;
  for (const file of files) {
    let findings;
    try {
      findings = await check(tools, file);
    } catch (err) {
      console.error(`${ file }: ${ oneLine(err.message) }`);
      return 2;
    }
    for (const [ id, rule, message ] of findings) {
      console.log(`${ file }: ${ id }: ${ rule }: ${ message }`);
    }
    count += findings.length;
  }
  console.error(count ? `${ count } finding(s)` : `${ files.length } file(s) clean`);
  return count ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
