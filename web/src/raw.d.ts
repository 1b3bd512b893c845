// Files imported as text by the tests (Vite's "?raw" suffix): the province tables of data/.
declare module '*?raw' {
  const text: string;
  export default text;
}
