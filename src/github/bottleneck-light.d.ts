/** `bottleneck/light.js` (the build @octokit/plugin-throttling uses) has the types of the full package. */
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
