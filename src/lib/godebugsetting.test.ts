import { test } from 'node:test';
import assert from 'node:assert/strict';
import { godebugSetting } from './godebugsetting.js';

test('godebugSetting takes the last value of a key', () => {
  assert.equal(godebugSetting('', 'gofsystrace'), '');
  assert.equal(godebugSetting('gofsystrace=1,gofsystracelog=fsys.log', 'gofsystracelog'), 'fsys.log');
  assert.equal(godebugSetting('a=1,x=2,a=0', 'a'), '0');
  assert.equal(godebugSetting('xa=1', 'a'), '');
});
