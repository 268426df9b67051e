CREATE TABLE "detection_cells_hourly_coarse" (
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
	"n9" integer NOT NULL,
	CONSTRAINT "detection_cells_hourly_coarse_hour_camera_id_class_cell_x_cell_y_pk" PRIMARY KEY("hour","camera_id","class","cell_x","cell_y")
);
--> statement-breakpoint
CREATE TABLE "detection_zones_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"zone_id" uuid NOT NULL,
	"camera_id" uuid NOT NULL,
	"class" "detection_class" NOT NULL,
	"n0" integer NOT NULL,
	"n1" integer NOT NULL,
	"n2" integer NOT NULL,
	"n3" integer NOT NULL,
	"n4" integer NOT NULL,
	"n5" integer NOT NULL,
	"n6" integer NOT NULL,
	"n7" integer NOT NULL,
	"n8" integer NOT NULL,
	"n9" integer NOT NULL,
	CONSTRAINT "detection_zones_hourly_hour_zone_id_camera_id_class_pk" PRIMARY KEY("hour","zone_id","camera_id","class")
);
