// Runs the web editor's file format (hooks/bulletin/site/admin.js, as built into <admin dir>) outside
// the browser: reads JSON [{"text": file text, "data": optional form data}] on stdin and prints JSON
// [{"parsed": fromFile(text), "written": toFile(data or parsed)}]. Used by tests/site/test_admin_format.py.
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
global.window = global;
global.document = { baseURI: 'http://127.0.0.1/quan-tri/' };
let format = null;
global.CMS = {
  registerCustomFormat: (name, ext, f) => { format = f; },
  registerPreviewStyle: () => {},
  registerPreviewTemplate: () => {},
};
global.h = () => null;
global.createClass = (spec) => spec;
global.jsyaml = require(path.join(dir, 'js-yaml.min.js'));
eval(fs.readFileSync(path.join(dir, 'bulletin-cms-data.js'), 'utf8'));
eval(fs.readFileSync(path.join(dir, 'bulletin-cms.js'), 'utf8'));
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = cases.map((c) => {
  const parsed = c.text === undefined ? null : format.fromFile(c.text);
  return { parsed: parsed, written: format.toFile(c.data || parsed) };
});
process.stdout.write(JSON.stringify(out));
