import { describe, it, expect } from 'vitest';
import { isVariableOnly, maskMessage, tokenizeMessage } from './tokenize';

describe('maskMessage', () => {
  it.each([
    ['numbers and numbers with units', 'took 12ms and 3.5MB in 42 steps', 'took <*> and <*> in <*> steps'],
    ['negative numbers', 'init 1 -2', 'init <*> <*>'],
    ['IPs with ports', 'from 10.0.0.1:8080 to /10.0.0.2', 'from <*>:<*> to <*>'],
    ['UUIDs', 'instance 3f2b1c4d-0a1b-4c2d-8e9f-112233445566 gone', 'instance <*> gone'],
    ['hex', 'addr 0x7fff00 mask ffffffff deadbeef12', 'addr <*> mask <*> <*>'],
    ['ids with long digit runs', 'block blk_-4980916519894289629 done', 'block <*> done'],
    ['absolute paths', 'open /var/log/app.log failed', 'open <*> failed'],
    ['URLs keep their scheme', 'fetch hdfs://node-1:9000/tmp/x now', 'fetch hdfs://<*> now'],
    ['URL host:port', 'at [hdfs://node-1:9000]', 'at [hdfs://<*>:<*>]'],
    ['URLs without digits stay literal', 'see http://example.org/help', 'see http://example.org/help'],
    ['quoted values', "task 'attempt_201_0001' saved", "task '<*>' saved"],
    ['key=value masks only the value', 'uid=0 euid=0 tty=ssh', 'uid=<*> euid=<*> tty=ssh'],
    ['key:value masks only the value', 'sessionid:0x34ed9 type:create', 'sessionid:<*> type:create'],
    ['dates and times', 'from 2017-05-16 05:00:00 on', 'from <*>-<*>-<*> <*>:<*>:<*> on'],
    ['sentence period after a value', 'on port 55904.', 'on port <*>.'],
    ['name with numeric suffix', 'generating core.2275', 'generating core.<*>'],
    ['dot leaders', 'enable.........0', 'enable.........<*>'],
    ['booleans and null', 'enabled:true config null', 'enabled:<*> config <*>'],
    ['MAC addresses', 'chip FF:F2:9F:16:E2:23 ok', 'chip <*> ok'],
    ['host/ip pairs', 'at host-a/10.1.2.3:80', 'at host-a/<*>:<*>'],
    ['hash-prefixed numbers', 'reader #1 up', 'reader #<*> up'],
    ['whitespace collapses', '  a   b  ', 'a b'],
  ])('%s', (_name, input, expected) => {
    expect(maskMessage(input)).toBe(expected);
  });

  it('masks weak identifiers for grouping but keeps them for display', () => {
    const [t] = tokenizeMessage('ssh2').tokens;
    expect(t).toEqual({ key: '<*>', display: 'ssh2' });
    const [h] = tokenizeMessage('mesos-slave-07').tokens;
    expect(h?.display).toBe('<*>');
  });

  it('attaches a unit after a number to that variable', () => {
    const toks = tokenizeMessage('size 5.2 KB, free 1 MB').tokens;
    expect(toks.map((t) => [t.key, t.display, t.attach ?? false])).toEqual([
      ['size', 'size', false],
      ['<*>', '<*>', false],
      [',', ' KB,', true],
      ['free', 'free', false],
      ['<*>', '<*>', false],
      ['', ' MB', true],
    ]);
  });

  it('treats the rest of a quoted value after a variable as part of it', () => {
    expect(maskMessage('1.2.3.4 "GET /v2/x?a=1 HTTP/1.1" status: 200')).toBe('<*> "GET <*>" status: <*>');
  });
});

describe('isVariableOnly', () => {
  it('accepts variables with punctuation only', () => {
    expect(isVariableOnly('<*>:<*>')).toBe(true);
    expect(isVariableOnly('[<*>]')).toBe(true);
    expect(isVariableOnly('uid=<*>')).toBe(false);
    expect(isVariableOnly('>')).toBe(false);
  });
});
