// The host's floors (scripts/include-layers.mjs): no file of native-host/src includes a header from a
// floor above its own, and every file stands on a floor.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { layerProblems, readSources } from '../../scripts/include-layers.mjs';
import { root } from '../../scripts/contract.mjs';

describe('the host include floors', () => {
  it('native-host/src has no upward include and no file off the floors', () => {
    const { problems, floors } = layerProblems(readSources(join(root, 'native-host', 'src')));
    assert.deepEqual(problems, []);
    assert.ok(floors > 1 && floors < 11, `the longest include chain climbs ${floors} floors (11 before the contract)`);
  });

  it('an upward include (framing including the message handler) is found', () => {
    const { problems } = layerProblems({ 'framing.cpp': '#include "framing.hpp"\n#include "message_handler.hpp"\n', 'message_handler.hpp': '' });
    assert.deepEqual(problems, ['framing.cpp (floor base) includes "message_handler.hpp" (floor service): an include may not go up']);
  });

  it('a file on no floor, or an include of one, is found', () => {
    const { problems } = layerProblems({ 'gadget.cpp': '', 'protocol.cpp': '#include "gadget.hpp"\n' });
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /gadget.cpp is on no floor/);
    assert.match(problems.join('\n'), /includes "gadget.hpp", which is on no floor/);
  });

  it('counts floors as the longest include chain', () => {
    const { floors } = layerProblems({ 'cli.cpp': '#include "session.hpp"', 'session.cpp': '#include "framing.hpp"', 'framing.cpp': '', 'rules.cpp': '' });
    assert.equal(floors, 3);
  });
});
