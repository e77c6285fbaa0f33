import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverlay } from '../lib/overlay.js';
import { setOverlay } from '../base/fsys.js';
import { cgoOverlayFiles, nonGoOverlayPlan } from './overlayfiles.js';

test('nonGoOverlayPlan: all listed files copied once one is replaced', () => {
  setOverlay(undefined);
  assert.equal(nonGoOverlayPlan('/p', '/w/b001/', [['a.c']]), undefined);
  setOverlay(parseOverlay('{"Replace": {"/p/a.c": "/ov/a_c"}}', '/'));
  try {
    assert.equal(nonGoOverlayPlan('/p', '/w/b001/', [['b.c'], ['x.h']]), undefined);
    assert.deepEqual(nonGoOverlayPlan('/p', '/w/b001/', [['a.c', 'b.c'], [], ['x.h']]), [
      { from: '/p/a.c', src: '/ov/a_c', dst: '/w/b001/a.c' },
      { from: '/p/b.c', src: '/p/b.c', dst: '/w/b001/b.c' },
      { from: '/p/x.h', src: '/p/x.h', dst: '/w/b001/x.h' },
    ]);
  } finally {
    setOverlay(undefined);
  }
});

test('cgoOverlayFiles: replacements with trimpath rules back to the originals', () => {
  setOverlay(undefined);
  assert.deepEqual(cgoOverlayFiles('/p', ['a.go', 'b.go']), { files: ['a.go', 'b.go'], trimpath: '' });
  setOverlay(parseOverlay('{"Replace": {"/p/a.go": "/ov/a.go", "/p/c.go": "/ov/c"}}', '/'));
  try {
    assert.deepEqual(cgoOverlayFiles('/p', ['a.go', 'b.go', 'c.go']), {
      files: ['/ov/a.go', 'b.go', '/ov/c'],
      trimpath: '/ov/a.go=>/p/a.go;/ov/c=>/p/c.go',
    });
  } finally {
    setOverlay(undefined);
  }
});
