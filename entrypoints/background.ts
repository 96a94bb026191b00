export default defineBackground(() => {
  // wiring is added by the console-integration work
});
