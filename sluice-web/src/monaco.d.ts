declare module 'monaco-editor/esm/vs/editor/editor.all';
