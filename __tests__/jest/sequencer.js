// Starts the longest tests first: the deploy tests mostly wait on AWS provider polling for minutes, and started
// first they overlap with everything else instead of running alone at the end. Otherwise jest's own order.
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['/__tests__/deploy/', '/__tests__/terraform/'];

class LongestFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = FIRST.findIndex((part) => test.path.includes(part));
      return index < 0 ? FIRST.length : index;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
