// The entry of the cdktf bundle the tests load (see jest.config.js).
'use strict';
module.exports = require('cdktf');
