CREATE TABLE "detection_cells_pending" (
	"hour" timestamp with time zone NOT NULL,
	"camera_id" uuid NOT NULL,
	"class" "detection_class" NOT NULL,
	"cell_x" integer NOT NULL,
	"cell_y" integer NOT NULL,
	"n0" integer NOT NULL,
	"n1" integer NOT NULL,
	"n2" integer NOT NULL,
	"n3" integer NOT NULL,
	"n4" integer NOT NULL,
	"n5" integer NOT NULL,
	"n6" integer NOT NULL,
	"n7" integer NOT NULL,
	"n8" integer NOT NULL,
	"n9" integer NOT NULL
);
