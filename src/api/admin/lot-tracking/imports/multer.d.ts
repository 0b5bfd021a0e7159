// multer comes with @medusajs/medusa (its product import and uploads use it); no types are published with it.
declare module "multer"
