// Jest setup: CDKTF's matchers (toHaveResource, toHaveResourceWithProperties, ...).
import { Testing } from 'cdktf';

Testing.setupJest();
