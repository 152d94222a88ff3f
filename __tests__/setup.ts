// Jest setup: CDKTF's matchers (toHaveResource, toHaveResourceWithProperties, ...), and cheap token stack traces
// (see src/stack-traces.ts; real errors keep jest's source-mapped traces).
import { Testing } from 'cdktf';
import { skipTokenStackTraces } from '../src/stack-traces';

Testing.setupJest();
skipTokenStackTraces();
