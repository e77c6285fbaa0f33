// The test room: what `go test` needs beyond a build (test packages, the generated test main, the runner, the test cache and JSON events).
export { Test2JSON, Timestamp, buildOutputEvent, buildFailEvents, type Test2JSONOptions } from './test2json.js';
