// Stylesheets imported for their side effect (uPlot's, the history view's):
// Vite bundles them into a linked CSS file, which the CSP's style-src 'self' allows.
declare module '*.css' {}
