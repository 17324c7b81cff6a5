/**
 * Groups log messages into issues.
 *
 *   npm run --silent group -- FILE     (FILE "-" reads stdin)
 *
 * Reads one message per line and prints, for every input line in order,
 * `<issue id>\t<template>` (variables written `<*>`). The whole input is mined first, so every
 * line carries the final template of its group.
 */
import { readFileSync } from 'node:fs';
import { formatGrouping, groupMessages } from '../src/errors/miner/index';
import { splitLines } from './lib/lines';

function main(argv: string[]): number {
  const file = argv[0];
  if (file === undefined || argv.length !== 1 || file === '-h' || file === '--help') {
    console.error('usage: npm run --silent group -- FILE   (FILE "-" reads stdin)');
    return file === '-h' || file === '--help' ? 0 : 2;
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    console.error(`error: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  process.stdout.write(formatGrouping(groupMessages(splitLines(text))));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
