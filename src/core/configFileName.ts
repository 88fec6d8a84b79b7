// The configuration file's name, alone so that the extension's entry bundle can recognise the file
// without bundling its loader (which brings the YAML and JSON parsers).
export const CONFIG_FILE_NAME = 'dynamo-guard.config.json';
